# Báo cáo Chính trị — các lệnh dựng. "make" dựng HTML, PDF và Word của dự thảo hiện tại; "make test" chạy kiểm thử.
# Mỗi lệnh tự tạo môi trường Python (.venv) từ requirements.txt khi cần.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.da-cai-dat
BUILD := _build

# Everything a build depends on: when none of it changed, nothing is rebuilt.
SOURCES := $(sort $(shell find docs source_data templates build_scripts -type f -not -path '*/__pycache__/*' -not -name '*.pyc' -not -name '* *' 2>/dev/null)) conf.py requirements.txt
# A name with a space ("phu-luc - Copy.md") cannot be a make prerequisite. Such files stay out of
# SOURCES but in the list below, so adding one still counts as a change; the build then names it.
SPACED := $(shell find docs source_data templates -type f -name '* *' 2>/dev/null | sort)
LISTED := $(strip $(SOURCES) $(SPACED))
# make sees only files newer than the build. The list of the inputs is kept in a file, rewritten
# when a file is added or removed, so that this counts as a change too. A list that is missing
# (a fresh clone, after "make clean") is written by its rule, only when a build needs it.
INPUT_LIST := $(BUILD)/.danh-sach-dau-vao
ifneq ($(wildcard $(INPUT_LIST)),)
ifneq ($(file <$(INPUT_LIST)),$(LISTED))
$(file >$(INPUT_LIST),$(LISTED))
endif
endif
INPUTS := $(SOURCES) $(INPUT_LIST)

.PHONY: all html pdf text ban-doc test clean help
.DEFAULT_GOAL := all

all: html pdf docx $(BUILD)/.kiem-tra-xong
	@$(PY) -m build_scripts.cli.outputs

$(VENV_STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "LỖI: cần Python 3.11 trở lên (lệnh '$(PYTHON)'). Cài Python 3.11 hoặc chạy: make PYTHON=python3.11"; exit 1; }
	@echo "Đang chuẩn bị môi trường Python trong $(VENV)/ (chỉ lần đầu)…"
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

html: $(BUILD)/.html-xong
	@true
pdf: $(BUILD)/.pdf-xong
	@true

$(INPUT_LIST):
	$(shell mkdir -p $(@D))$(file >$@,$(LISTED))

$(BUILD)/.html-xong: $(INPUTS) | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.build html
	@touch $@

$(BUILD)/.pdf-xong: $(INPUTS) | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.build pdf
	@touch $@

# After the draft is built, the numbers that disagree (the ✗ lines of `make check`) are shown as a
# warning: the draft is built anyway. Marked done only when nothing disagrees, so the warning
# comes back at every `make` until the numbers are fixed.
$(BUILD)/.kiem-tra-xong: $(INPUTS) | $(VENV_STAMP) html pdf
	@$(PY) -m build_scripts.cli.check --canh-bao && touch $@ || true

text: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.build text

# The readers' edition of the draft: the same HTML without the committee's notes.
ban-doc: | $(VENV_STAMP)
	@$(PY) -m build_scripts.cli.build html --ban-doc

test: | $(VENV_STAMP)
	@$(PY) -m pytest -q tests

clean:
	rm -rf $(BUILD)

help:
	@echo "make         dựng HTML, PDF và Word của dự thảo hiện tại (_build/html, _build/pdf, _build/docx)"
	@echo "make html    chỉ dựng HTML"
	@echo "make pdf     chỉ dựng PDF"
	@echo "make docx    chỉ dựng bản Word (.docx)"
	@echo "make ban-doc bản HTML cho người đọc (không có ghi chú cho tổ biên tập)"
	@echo "make test    chạy toàn bộ kiểm thử"
	@echo "make check   kiểm tra các con số khớp nhau;  make lint: soát lỗi văn bản"
	@echo "make release phát hành dự thảo;  make diff: so sánh;  make site: trang nội bộ"
	@echo "make kiem-tra-ban N=5  dựng lại dự thảo lần 5 và so với mã kiểm tra ghi khi phát hành"
	@echo "make nhan-gop-y TEP=… DON_VI=\"…\": nhận góp ý từ tệp Word;  make gop-y: báo cáo tổng hợp góp ý"
	@echo "make publish DEST=…  đăng trang;  make nguoi-dung DEST=… THEM=ten NHOM=doc|bien-tap: tài khoản đọc trang"
	@echo "Chi tiết: README.md"

# Each feature adds its own targets.
-include $(wildcard build_scripts/make/*.mk)
