# make pdf-anh: PNG previews of page 1 and the closing page of the PDF (for the README).
.PHONY: pdf-anh
pdf-anh: $(BUILD)/.pdf-xong | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.pdf_preview
