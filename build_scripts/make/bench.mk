# make bench: measure the build loop (see build_scripts/bench.py); results in BENCHMARK.md and README.md.
.PHONY: bench
bench: | $(VENV_STAMP)
	@$(PY) -m build_scripts.bench.run $(BENCH_ARGS)
