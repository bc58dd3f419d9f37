# objscope — build, run and test.
#   make                  build build/objscope (and its man page) against pkg-config's python3-embed;
#                         says what is missing, installs nothing
#   make PYTHON=python3.12  build against another CPython, in build/python3.12/
#   make run | check | deps  the same, after installing what is missing (Debian packages)
#   make lint-lessons | bench | check-pythons | clean
#   make install | uninstall  PREFIX=/usr/local DESTDIR=  (see scripts/install.sh)
#   make fuzz [FUZZ_SECONDS=30] [FUZZ_ENGINE=random]   run each fuzz target for that long
#   make SANITIZE=1 check   the same with AddressSanitizer + UndefinedBehaviorSanitizer

PYTHON   ?=
SANITIZE ?=
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc

DATADIR := $(PREFIX)/share/objscope

# Goals that install missing Debian packages first (scripts/ensure-deps.sh); any other goal only
# detects them and says what is missing. Tests need more than the build.
INSTALL_GOALS := run check deps unit e2e check-install lint-lessons bench check-pythons fuzz
TEST_GOALS    := check deps unit e2e check-install check-pythons
DEPS_ACTION := $(if $(filter $(INSTALL_GOALS),$(MAKECMDGOALS)),install,detect)
DEPS_SCOPE  := $(if $(filter $(TEST_GOALS),$(MAKECMDGOALS)),test,build)

# Each CPython (and the sanitizer build) gets its own folder so builds never mix.
PYDIR := $(subst /,_,$(patsubst /%,%,$(PYTHON)))
BUILD := build$(if $(PYDIR),/$(PYDIR))$(if $(SANITIZE),$(if $(PYDIR),-san,/san))
OBJ   := $(BUILD)/obj

ifeq ($(filter clean deps uninstall,$(MAKECMDGOALS)),)
include $(BUILD)/config.mk
endif

CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wno-missing-field-initializers \
               -I. -Isrc -I$(OBJ)
ifneq ($(SANITIZE),)
  CFLAGS_BASE += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS_SAN := -fsanitize=address,undefined
  # CPython keeps its interned objects alive until exit on purpose; leaks are not ours to report.
  export ASAN_OPTIONS := detect_leaks=0:abort_on_error=0
  export UBSAN_OPTIONS := print_stacktrace=1
endif
# -isystem keeps warnings from CPython's own (internal) headers out of our build.
PY_ISYS   = $(patsubst -I%,-isystem %,$(PY_CFLAGS))
CHECK_CFLAGS = $(shell pkg-config --cflags check)
CHECK_LIBS   = $(shell pkg-config --libs check)
NCURSES_CFLAGS = $(shell pkg-config --cflags ncursesw)
NCURSES_LIBS   = $(shell pkg-config --libs ncursesw)
MD4C_CFLAGS = $(shell pkg-config --cflags md4c)
MD4C_LIBS   = $(shell pkg-config --libs md4c)
LIBS = $(PY_LIBS) $(NCURSES_LIBS) $(MD4C_LIBS) -ldl -lm

CORE_SRC := \
	src/util/xalloc.c src/util/strbuf.c src/util/sanitize.c src/util/datadir.c src/util/utf8.c src/util/files.c \
	src/util/numfmt.c src/util/jsonread.c \
	src/across/find.c src/across/run.c src/across/shape.c src/across/diff.c \
	src/py/interp.c src/py/door.c src/py/capture.c src/py/pyutil.c src/py/handle.c src/py/guard.c \
	src/py/demoscript.c \
	src/layout/layout.c src/layout/builder.c src/layout/internals.c src/layout/memory.c \
	src/layout/describe.c src/layout/graph.c src/layout/blocks.c src/layout/deep.c src/layout/retained.c \
	src/layout/addrset.c src/layout/refs.c \
	src/layout/kinds/number.c src/layout/kinds/str.c src/layout/kinds/bytes.c \
	src/layout/kinds/seq.c src/layout/kinds/dict.c src/layout/kinds/dictkeys.c src/layout/kinds/set.c \
	src/layout/kinds/misc.c src/layout/kinds/func.c src/layout/kinds/gen.c \
	src/layout/kinds/type.c src/layout/kinds/instance.c src/layout/kinds/lru.c \
	src/layout/kinds/array.c src/layout/kinds/fields.c src/layout/kinds/code.c \
	src/layout/kinds/collections.c src/layout/kinds/frame.c src/layout/kinds/callable.c \
	src/layout/kinds/exc.c src/layout/kinds/iter.c src/layout/kinds/memview.c \
	src/layout/kinds/opaque.c \
	src/render/out.c src/render/text.c src/render/json.c src/render/retained.c \
	src/render/svg.c src/render/styled.c src/render/refs.c src/render/across.c \
	src/ui/editor.c src/ui/history.c src/ui/highlight.c src/ui/theme.c \
	src/ui/geometry.c src/ui/keys.c src/ui/rows.c src/ui/draw.c src/ui/colors.c src/ui/term.c \
	src/ui/diagram.c src/ui/retbrowse.c src/ui/termline.c src/ui/repl.c src/ui/lessonview.c src/ui/app.c src/ui/appstate.c src/ui/frame.c \
	src/ui/paste.c src/ui/textwrap.c src/ui/input.c src/ui/transcript.c src/ui/runcode.c src/ui/commands.c src/ui/helptext.c src/ui/bench.c \
	src/ui/view_repl.c src/ui/view_diagram.c src/ui/view_lesson.c src/ui/view_help.c \
	src/ui/view_menu.c src/ui/view_confirm.c src/ui/view_row.c src/ui/view_retained.c src/ui/view_across.c src/ui/pager.c \
	src/ui/demo.c src/ui/view_demo.c src/ui/present.c src/ui/classroom.c src/ui/view_refs.c \
	src/ui/export.c \
	src/lesson/lesson.c src/lesson/run.c src/lesson/progress.c src/lesson/find.c \
	src/cli.c
MAIN_SRC := src/main.c
TEST_SRC := tests/check_main.c tests/test_util.c tests/test_interp.c tests/test_door.c tests/test_handle.c \
	tests/test_layout.c tests/test_oracle.c tests/test_facts.c tests/test_deep.c tests/test_truth.c \
	tests/test_retbrowse.c tests/test_render.c \
	tests/test_cli.c tests/testlib.c \
	tests/test_kinds_data.c tests/test_kinds_code.c tests/test_kinds_instance.c tests/test_kinds_types.c \
	tests/test_editor.c tests/test_history.c tests/test_highlight.c tests/test_theme.c \
	tests/test_ui.c tests/test_files.c tests/test_lesson.c tests/test_progress.c \
	tests/test_lessonview.c tests/test_views.c tests/test_paste.c tests/test_classroom.c \
	tests/test_across.c
BENCH_SRC := bench/deep_bench.c
LEAK_SRC  := bench/leak_bench.c

CORE_OBJ  := $(CORE_SRC:%.c=$(OBJ)/%.o) $(OBJ)/support_py.o $(OBJ)/support_code.o
MAIN_OBJ  := $(MAIN_SRC:%.c=$(OBJ)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(OBJ)/%.o)
BENCH_OBJ := $(BENCH_SRC:%.c=$(OBJ)/%.o)
LEAK_OBJ  := $(LEAK_SRC:%.c=$(OBJ)/%.o)

BIN   := $(BUILD)/objscope
TESTS := $(BUILD)/check_objscope
BENCH := $(BUILD)/deep_bench
LEAK  := $(BUILD)/leak_bench
MAN   := $(BUILD)/objscope.1
COMPLETION := $(BUILD)/objscope.bash

.PHONY: all deps find-deps run check unit lint-lessons e2e check-install bench check-pythons \
	print-bin clean install uninstall FORCE fuzz fuzz-build fuzz-replay
all: $(BIN) $(MAN) $(COMPLETION)

# Everything to build and test, installed where it can be (Debian).
deps:
	@scripts/ensure-deps.sh install test $(PYTHON)

find-deps:
	@scripts/ensure-deps.sh $(DEPS_ACTION) $(DEPS_SCOPE) $(PYTHON)

$(BUILD)/config.mk: scripts/pyconfig.sh | find-deps
	@mkdir -p $(@D)
	scripts/pyconfig.sh $(PYTHON) > $@.tmp && mv $@.tmp $@

# The installed data folder, compiled in as datadir.c's last resort. The header is rewritten
# only when PREFIX changes, so only then does what includes it rebuild.
$(OBJ)/datadir_prefix.h: FORCE
	@mkdir -p $(@D)
	@printf '#define OBJSCOPE_DATADIR "%s"\n' '$(DATADIR)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(OBJ)/src/util/datadir.o: $(OBJ)/datadir_prefix.h

$(OBJ)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(PY_ISYS) $(NCURSES_CFLAGS) $(MD4C_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(OBJ)/tests/%.o: tests/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(PY_ISYS) $(CHECK_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# The embedded interpreter's Python helpers live in a real .py file, compiled into the binary.
$(OBJ)/support_py.c: src/py/support.py scripts/embed-text.sh
	@mkdir -p $(@D)
	scripts/embed-text.sh objscope_support_py < $< > $@

$(OBJ)/support_py.o: $(OBJ)/support_py.c
	$(CC) $(CFLAGS_BASE) -c $< -o $@

# ...and precompiled by the matching interpreter, so starting objscope need not compile it.
$(OBJ)/support_code.c: src/py/support.py scripts/embed-code.py $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(PY_EXE) scripts/embed-code.py objscope_support_code $< > $@.tmp && mv $@.tmp $@

$(OBJ)/support_code.o: $(OBJ)/support_code.c
	$(CC) $(CFLAGS_BASE) -c $< -o $@

$(BIN): $(CORE_OBJ) $(MAIN_OBJ)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

$(TESTS): $(CORE_OBJ) $(TEST_OBJ)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS) $(CHECK_LIBS)

$(BENCH): $(CORE_OBJ) $(BENCH_OBJ)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

$(LEAK): $(CORE_OBJ) $(LEAK_OBJ)
	$(CC) $(LDFLAGS_SAN) $(LDFLAGS) -o $@ $^ $(LIBS)

# The manual: its template, with the key and command tables the binary itself prints.
$(MAN): docs/objscope.1.in scripts/gen-man.sh $(BIN)
	scripts/gen-man.sh $(BIN) $< '$(DATADIR)' > $@.tmp && mv $@.tmp $@

# Bash completion: the options --help lists, theme names from the installed themes folder.
$(COMPLETION): docs/objscope.bash.in $(BIN)
	opts=$$($(BIN) --help | grep -o -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' ') && \
	sed -e "s|@DATADIR@|$(DATADIR)|g" -e "s|@OPTIONS@|$${opts% }|" $< > $@.tmp && mv $@.tmp $@

run: $(BIN)
	$(BIN) $(ARGS)

check: unit lint-lessons e2e check-install fuzz-replay

unit: $(BIN) $(TESTS)
	OBJSCOPE_BIN=$(BIN) OBJSCOPE_PYTHON=$(PY_EXE) $(TESTS)

e2e: $(BIN) $(MAN)
	OBJSCOPE_PYTHON=$(PY_EXE) tests/e2e/run.sh $(BIN)

# Install into a scratch DESTDIR, use the installed copy from elsewhere, uninstall.
check-install: $(BIN) $(MAN) $(COMPLETION)
	tests/e2e/install.sh "$(MAKE)" "$(PREFIX)"

# Every shipped lesson, run the way a learner would (lessons/README.md: "Checking a lesson"),
# under the CPython this build embeds.
LESSONS := $(filter-out lessons/README.md,$(wildcard lessons/*.md))
lint-lessons: $(BIN)
	@status=0; for f in $(LESSONS); do $(BIN) --check-lesson "$$f" || status=1; done; \
	n=$$(echo $(LESSONS) | wc -w); \
	if [ $$status = 0 ]; then echo "lessons: $$n passed, 0 failed"; else echo "lessons: some of $$n failed"; fi; \
	exit $$status

bench: $(BIN) $(BENCH) $(LEAK)
	bench/run.sh $(BIN) $(BENCH) $(PY_EXE) $(LEAK)

# ---- fuzzing ------------------------------------------------------------------------------
# Each target feeds one parser or model any bytes (tests/fuzz/fuzz_*.c); none needs Python.
# `make fuzz` runs each for FUZZ_SECONDS with libFuzzer, or with driver.c's random loop when
# clang cannot link libFuzzer; `make check` replays tests/fuzz/TARGET/ (seeds, and every input
# that once crashed) and the shipped lessons and themes through the same targets.
FUZZ_SECONDS  ?= 30
FUZZ_ENGINE   ?=
FUZZ_TARGETS  := lesson theme history editor json
FUZZ_UTIL     := src/util/xalloc.c src/util/strbuf.c src/util/utf8.c src/util/files.c \
                 src/util/sanitize.c tests/fuzz/common.c
FUZZ_SRC_lesson  := src/lesson/lesson.c
FUZZ_SRC_theme   := src/ui/theme.c
FUZZ_SRC_history := src/ui/history.c
FUZZ_SRC_editor  := src/ui/editor.c src/ui/highlight.c
FUZZ_SRC_json    := src/util/jsonread.c src/across/shape.c src/across/diff.c
FUZZ_SEEDS_lesson := lessons
FUZZ_SEEDS_theme  := assets/themes

fuzz: find-deps
	@scripts/ensure-deps.sh install fuzz || echo "fuzz: clang's libFuzzer could not be installed"
	@MAKE="$(MAKE)" FUZZ_ENGINE="$(FUZZ_ENGINE)" tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# fuzz-build FUZZ_MODE=libfuzzer|random (run.sh picks): build/fuzz/MODE/fuzz_TARGET
FUZZ_MODE ?= libfuzzer
comma     := ,
FUZZ_CC   := $(if $(filter libfuzzer,$(FUZZ_MODE)),clang,$(CC))
FUZZ_SAN  := $(if $(filter libfuzzer,$(FUZZ_MODE)),fuzzer$(comma))address,undefined
FUZZ_MAIN := $(if $(filter libfuzzer,$(FUZZ_MODE)),,tests/fuzz/driver.c)
FUZZ_DEPS := $(wildcard src/*/*.h) tests/fuzz/fuzz.h $(FUZZ_UTIL) $(FUZZ_MAIN)
fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/$(FUZZ_MODE)/fuzz_%)

define FUZZ_RULES
build/fuzz/$(FUZZ_MODE)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRC_$(1)) $(FUZZ_DEPS)
	@mkdir -p $$(@D)
	$(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -I. -Isrc -fno-omit-frame-pointer \
	    -fsanitize=$(FUZZ_SAN) -fno-sanitize-recover=undefined $$(MD4C_CFLAGS) \
	    -o $$@ $$(filter %.c,$$^) $$(MD4C_LIBS)

$(BUILD)/fuzz_$(1): $(OBJ)/tests/fuzz/fuzz_$(1).o $(OBJ)/tests/fuzz/driver.o \
                    $(FUZZ_UTIL:%.c=$(OBJ)/%.o) $(FUZZ_SRC_$(1):%.c=$(OBJ)/%.o)
	$$(CC) $$(LDFLAGS_SAN) $$(LDFLAGS) -o $$@ $$^ $$(MD4C_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULES,$(t))))

fuzz-replay: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)
	@$(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz_$(t) tests/fuzz/$(t) $(FUZZ_SEEDS_$(t)) &&) true

# Every supported CPython this machine can reach, each in its own build folder: pyenv's or
# PATH's 3.10–3.13 here, and 3.13–3.15 plus the default build in a Debian sid root (made once,
# through chroot; skipped with the reason where it cannot be made).
check-pythons: deps
	@scripts/check-pythons.sh $(if $(SANITIZE),SANITIZE=1)

# Where this configuration's binary is (scripts use it).
print-bin:
	@echo $(BIN)

# With PYTHON= the binary goes in beside the default one as objscope-3.X (scripts/install.sh).
INSTALL_VERSION = $(if $(PYTHON),$(PY_VERSION))
install: $(BIN) $(MAN) $(COMPLETION)
	@scripts/install.sh install "$(DESTDIR)" "$(PREFIX)" $(BIN) $(MAN) $(COMPLETION) $(INSTALL_VERSION)

# uninstall reads no config.mk (nothing is built): the build folder's, else PYTHON's name.
UNINSTALL_VERSION = $(if $(PYTHON),$(or $(shell sed -n 's/^PY_VERSION := //p' $(BUILD)/config.mk \
                    2>/dev/null),$(patsubst python%,%,$(notdir $(PYTHON)))))
uninstall:
	@scripts/install.sh uninstall "$(DESTDIR)" "$(PREFIX)" $(UNINSTALL_VERSION)

clean:
	rm -rf build

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
