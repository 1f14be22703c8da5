# Numbered drafts, redline, intranet site, publishing, preview (issue 6).
.PHONY: release diff site site-nhanh publish serve nguoi-dung

release: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.release $(if $(NGAY),--ngay $(NGAY))

diff: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.diff $(if $(CU),--cu $(CU)) $(if $(MOI),--moi $(MOI)) $(if $(BO_PDF),--bo-pdf)

site: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.site

site-nhanh: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.site --bo-pdf

# DEST is checked before the (long) site build; the site is rebuilt (reusing built drafts), then switched in.
publish: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.publish --chi-kiem-tra --dest "$(DEST)"
	@$(PY) -m build_scripts.cli.site
	@$(PY) -m build_scripts.cli.publish --dest "$(DEST)"

serve: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.serve $(if $(PORT),--port $(PORT))

# The site's accounts (issue 28): THEM=name NHOM=doc|bien-tap adds or changes one (password asked,
# or MAT_KHAU=… for scripts), XOA=name removes one, neither lists them. Files: DEST/tai-khoan/.
nguoi-dung: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.accounts --dest "$(DEST)" $(if $(THEM),--them "$(THEM)") $(if $(NHOM),--nhom "$(NHOM)") $(if $(XOA),--xoa "$(XOA)")
