# Soát lỗi văn bản, cài móc commit, và dựng bản chính thức (issue 7).
#   make lint           soát lỗi docs/, templates/, source_data/ (chỉ báo lỗi mới, ngoài baseline)
#   make lint-baseline  Ban soạn thảo chấp nhận mọi lỗi hiện có (ghi source_data/lint/baseline.yaml)
#   make lint-sua       chuẩn hoá các tệp về Unicode dựng sẵn (NFC)
#   make hooks          cài móc pre-commit: mỗi lần commit tự soát lỗi các tệp vừa sửa
#   make final          dựng bản chính thức nếu không còn vấn đề nào (liệt kê hết nếu còn)

.PHONY: lint lint-baseline lint-sua hooks final

lint: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.lint

lint-baseline: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.lint --ghi-baseline

lint-sua: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.lint --sua

hooks: | $(VENV_STAMP)
	@$(VENV)/bin/pre-commit install --install-hooks
	@echo "Đã cài móc commit: mỗi lần commit sẽ tự soát lỗi các tệp vừa sửa (gỡ bằng: $(VENV)/bin/pre-commit uninstall)."

final: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.final
