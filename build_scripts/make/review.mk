# The review round (issue 25): comments returned on an issued draft.
#   make nhan-gop-y TEP=tep.docx DON_VI="Chi bộ thôn An Lạc" [N=5]   nhận góp ý từ tệp Word gửi lại
#   make gop-y [N=5]   báo cáo tổng hợp, tiếp thu, giải trình (_build/gop-y/, HTML và PDF)
.PHONY: nhan-gop-y gop-y

nhan-gop-y: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.review_intake --tep "$(TEP)" --don-vi "$(DON_VI)" $(if $(N),--lan $(N))

gop-y: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.review_summary $(if $(N),--lan $(N))
