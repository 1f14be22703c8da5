# make kiem-tra-ban N=5: build draft 5 again from its registered commit; do its files match the
# SHA-256 recorded when it was issued (source_data/ban_du_thao.yaml, ma_kiem_tra)?
.PHONY: kiem-tra-ban
kiem-tra-ban: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.verify_draft $(N)
