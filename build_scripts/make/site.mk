# Numbered drafts, redline, intranet site, publishing, preview (issue 6).
.PHONY: release diff site site-nhanh publish serve

release: | $(VENV_STAMP)
	@$(PY) -m build_scripts.release $(if $(NGAY),--ngay $(NGAY))

diff: | $(VENV_STAMP)
	@$(PY) -m build_scripts.redline $(if $(CU),--cu $(CU)) $(if $(MOI),--moi $(MOI))

site: | $(VENV_STAMP)
	@$(PY) -m build_scripts.site

site-nhanh: | $(VENV_STAMP)
	@$(PY) -m build_scripts.site --bo-pdf

# DEST is checked before the (long) site build; the site is rebuilt (reusing built drafts), then switched in.
publish: | $(VENV_STAMP)
	@$(PY) -m build_scripts.publish --chi-kiem-tra --dest "$(DEST)"
	@$(PY) -m build_scripts.site
	@$(PY) -m build_scripts.publish --dest "$(DEST)"

serve: | $(VENV_STAMP)
	@$(PY) -m build_scripts.serve $(if $(PORT),--port $(PORT))
