# objscope — build, run and test.
#   make                  build build/objscope against Debian's python3-embed
#   make PYTHON=python3.12  build against another CPython, in build/python3.12/
#   make run | check | lint-lessons | bench | check-pythons | clean | install | uninstall
#   make SANITIZE=1 check   the same with AddressSanitizer + UndefinedBehaviorSanitizer

PYTHON   ?=
SANITIZE ?=
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc

DEB_PACKAGES := pkg-config python3-dev libncurses-dev check libmd4c-dev tmux

# Each CPython (and the sanitizer build) gets its own folder so builds never mix.
PYDIR := $(subst /,_,$(patsubst /%,%,$(PYTHON)))
BUILD := build$(if $(PYDIR),/$(PYDIR))$(if $(SANITIZE),$(if $(PYDIR),-san,/san))
OBJ   := $(BUILD)/obj

ifeq ($(filter clean deps,$(MAKECMDGOALS)),)
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
	src/util/numfmt.c \
	src/py/interp.c \
	src/layout/layout.c src/layout/builder.c src/layout/internals.c src/layout/memory.c \
	src/layout/describe.c src/layout/deep.c src/layout/addrset.c \
	src/layout/kinds/number.c src/layout/kinds/str.c src/layout/kinds/bytes.c \
	src/layout/kinds/seq.c src/layout/kinds/dict.c src/layout/kinds/set.c \
	src/layout/kinds/misc.c src/layout/kinds/func.c src/layout/kinds/gen.c \
	src/layout/kinds/type.c src/layout/kinds/instance.c src/layout/kinds/lru.c \
	src/layout/kinds/array.c \
	src/layout/kinds/opaque.c \
	src/render/out.c src/render/text.c src/render/json.c \
	src/ui/editor.c src/ui/history.c src/ui/highlight.c src/ui/theme.c \
	src/ui/geometry.c src/ui/keys.c src/ui/rows.c src/ui/draw.c src/ui/colors.c src/ui/term.c \
	src/ui/diagram.c src/ui/termline.c src/ui/repl.c src/ui/lessonview.c src/ui/app.c \
	src/lesson/lesson.c src/lesson/run.c src/lesson/progress.c \
	src/cli.c
MAIN_SRC := src/main.c
TEST_SRC := tests/check_main.c tests/test_util.c tests/test_interp.c tests/test_layout.c \
	tests/test_oracle.c tests/test_facts.c tests/test_deep.c tests/test_render.c tests/test_cli.c tests/testlib.c \
	tests/test_kinds_data.c tests/test_kinds_code.c tests/test_kinds_instance.c \
	tests/test_editor.c tests/test_history.c tests/test_highlight.c tests/test_theme.c \
	tests/test_ui.c tests/test_files.c tests/test_lesson.c tests/test_progress.c \
	tests/test_lessonview.c
BENCH_SRC := bench/deep_bench.c

CORE_OBJ  := $(CORE_SRC:%.c=$(OBJ)/%.o) $(OBJ)/support_py.o $(OBJ)/support_code.o
MAIN_OBJ  := $(MAIN_SRC:%.c=$(OBJ)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(OBJ)/%.o)
BENCH_OBJ := $(BENCH_SRC:%.c=$(OBJ)/%.o)

BIN   := $(BUILD)/objscope
TESTS := $(BUILD)/check_objscope
BENCH := $(BUILD)/deep_bench

.PHONY: all deps run check unit lint-lessons e2e bench check-pythons print-bin clean install uninstall
all: $(BIN)

deps:
	@scripts/ensure-deps.sh $(DEB_PACKAGES)

$(BUILD)/config.mk: scripts/pyconfig.sh | deps
	@mkdir -p $(@D)
	scripts/pyconfig.sh $(PYTHON) > $@.tmp && mv $@.tmp $@

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

run: $(BIN)
	$(BIN) $(ARGS)

check: unit lint-lessons e2e

unit: $(BIN) $(TESTS)
	OBJSCOPE_BIN=$(BIN) OBJSCOPE_PYTHON=$(PY_EXE) $(TESTS)

e2e: $(BIN)
	tests/e2e/run.sh $(BIN)

# Every shipped lesson, run the way a learner would (lessons/README.md: "Checking a lesson"),
# under the CPython this build embeds.
LESSONS := $(filter-out lessons/README.md,$(wildcard lessons/*.md))
lint-lessons: $(BIN)
	@status=0; for f in $(LESSONS); do $(BIN) --check-lesson "$$f" || status=1; done; \
	n=$$(echo $(LESSONS) | wc -w); \
	if [ $$status = 0 ]; then echo "lessons: $$n passed, 0 failed"; else echo "lessons: some of $$n failed"; fi; \
	exit $$status

bench: $(BIN) $(BENCH)
	bench/run.sh $(BIN) $(BENCH) $(PY_EXE)

# Every supported CPython this machine can reach, each in its own build folder: pyenv's or
# PATH's 3.10–3.13 here, and 3.13–3.15 plus the default build in a Debian sid root (made once,
# through chroot; skipped with the reason where it cannot be made).
check-pythons: deps
	@scripts/check-pythons.sh $(if $(SANITIZE),SANITIZE=1)

# Where this configuration's binary is (scripts use it).
print-bin:
	@echo $(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/objscope
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/objscope
	cp -R lessons assets $(DESTDIR)$(PREFIX)/share/objscope/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/objscope
	rm -rf $(DESTDIR)$(PREFIX)/share/objscope

clean:
	rm -rf build

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
