# make docx: the draft as a Word document (_build/docx/bao-cao-chinh-tri-du-thao-lan-N.docx), for
# reviewers who comment in Word. Built like html and pdf: only when an input changed.
.PHONY: docx
docx: $(BUILD)/.docx-xong
	@true

$(BUILD)/.docx-xong: $(INPUTS) | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.build docx
	@touch $@
