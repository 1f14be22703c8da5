# make check: are the numbers of the report consistent with each other? (issue 4)
# A Vietnamese report, one line per rule of source_data/rules/*.yaml; fails on any unexpected ✗.
.PHONY: check
check: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.check $(CHECK_ARGS)

# make sai-lech: only the known discrepancies of the draft (⚠), numbered, with the committee notes.
.PHONY: sai-lech
sai-lech: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.check --sai-lech
