# Ruche build. `make run` and `make test` are the two entry points (README).
# Everything installs through scripts/deps first, so a fresh Debian 12
# machine needs nothing else.

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium libcmark-gfm gdlib inih zlib libical libcurl libxml-2.0 libmagic
OPT     ?= -O2 -g
CFLAGS  := $(OPT) -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wformat=2 -Wshadow \
           -Wno-unused-parameter -Wno-unknown-warning-option -Wno-format-truncation -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm

BUILD   ?= build
# HTTP test files run this many at once: each waits mostly on its own server.
TEST_JOBS ?= 3
SRCS    := $(sort $(wildcard src/*/*.c))
LIBSRCS := $(filter-out src/main.c,$(SRCS))
OBJS    := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIBSRCS)) $(BUILD)/obj/gen/embedded.o
EMBEDDED := $(sort $(wildcard migrations/*.sql assets/* locale/*.po)) docs/openapi.json
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))

.PHONY: all deps deps-runtime run test test-unit test-http test-browser test-asan test-valgrind bench bench-load fuzz format clean

all: $(BUILD)/ruche

deps:
	@scripts/deps

deps-runtime:
	@scripts/deps --runtime

$(BUILD)/ruche: $(BUILD)/obj/main.o $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/main.o: src/main.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC  $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

# Migrations, assets, locales and the OpenAPI document are compiled into the
# binary by a tiny generator, so the server is one self-contained file.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -std=c17 -O2 -Wall -Wextra -o $@ $<

$(BUILD)/obj/gen/embedded.o: $(BUILD)/embed $(EMBEDDED)
	@mkdir -p $(dir $@) build/gen
	$(BUILD)/embed $(EMBEDDED) > $(BUILD)/obj/gen/embedded.c
	$(CC) $(CFLAGS) -c -o $@ $(BUILD)/obj/gen/embedded.c

$(BUILD)/tests/%: tests/unit/%.c $(OBJS) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(OBJS) $(LDLIBS) -lcmocka

run: deps-runtime
	@$(MAKE) --no-print-directory all
	@scripts/run-demo

test: deps
	@scripts/test-all

test-unit: $(UNIT_TESTS)
	@scripts/run-unit $(UNIT_TESTS)

test-http: all
	@RUCHE_BIN=$(abspath $(BUILD)/ruche) node --test --test-concurrency=$(TEST_JOBS) --test-reporter=spec tests/http/

test-browser: all
	@RUCHE_BIN=$(abspath $(BUILD)/ruche) node --test --test-reporter=spec tests/browser/

# The same suites against a binary built with AddressSanitizer + UBSan.
# RUCHE_TEST_LIGHT tells the heaviest HTTP tests (crash loops, attack tools)
# to run a shorter version: the sanitizers look for memory errors, not load.
# The objects also carry libFuzzer's coverage hooks (fuzzer-no-link), so the
# fuzz harnesses below link against this same tree (no second build).
ASAN_OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
test-asan:
	@RUCHE_TEST_LIGHT=1 $(MAKE) --no-print-directory BUILD=build/asan CC=clang OPT="$(ASAN_OPT)" \
	  test-unit test-http

# Load (bench/load): 5,000 idle live-event connections and 1,000 connections
# of mixed reads and writes; memory sampled; not part of make test.
bench-load: all
	@bench/load

# ruche serve under valgrind memcheck, driven by a subset of the HTTP tests.
test-valgrind: all
	@RUCHE_BIN=$(abspath $(BUILD)/ruche) scripts/valgrind-serve

bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h) $(wildcard tests/unit/*.[ch])

clean:
	rm -rf build

# Fuzzing (docs/reliability.md, "Fuzzing"): libFuzzer harnesses in
# tests/fuzz/fuzz_*.c, linked against the project objects of build/asan
# (clang, ASan + UBSan + coverage hooks, shared with test-asan). `make fuzz` runs each harness for
# FUZZ_SECONDS (default 60); FUZZ_MERGE=1 merges new inputs into
# tests/fuzz/corpus/<name>/. `make fuzz-smoke` is the brief run of make test.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS  = $(patsubst tests/fuzz/%.c,$(BUILD)/bin/%,$(FUZZ_SRCS))
FUZZ_MAKE := $(MAKE) --no-print-directory BUILD=build/asan CC=clang OPT="$(ASAN_OPT)"

.PHONY: fuzz-build fuzz-bins fuzz-objs fuzz-smoke

fuzz-objs: $(OBJS)
fuzz-bins: $(FUZZ_BINS)

$(BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(OBJS) tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	@echo "  FUZZ $<"
	@$(CC) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(OBJS) $(LDLIBS)

fuzz-build:
	@$(FUZZ_MAKE) -j$$(nproc) fuzz-bins

fuzz: fuzz-build
	@scripts/fuzz $${FUZZ_SECONDS:-60}

fuzz-smoke: fuzz-build
	@scripts/fuzz $${FUZZ_SMOKE_SECONDS:-2}
