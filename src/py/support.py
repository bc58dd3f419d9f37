# support.py — the Python half of src/py/interp.c, loaded into the binary as module _objscope:
# compiling learner input the way the REPL does, running it in __main__, the streams code writes
# to, tracebacks without objscope's own frames, the bounded repr, completion, :mem reports and
# waiting for the threads a lesson starts. interp.c (and its door) owns signals, time limits and
# file descriptors, and switches tracemalloc on and off.
# This module has its own copy of the builtins, and interp.c puts the original builtins back
# while objscope's own work runs (guard.h), so a learner who deletes or replaces a builtin breaks
# only their own code; _builtins(False) gives the learner's back around every call into their
# code.
# Modules only some paths need (ast, traceback, array, collections) are imported where they
# are used: start-up time is part of what a learner feels, and `objscope --dump 1` should start
# about as fast as `python3 -c pass`.
import builtins
import io
import reprlib
from itertools import islice as _islice
import sys
import warnings

# These numbers mirror InterpStatus and InterpMode in interp.h: C reads them back as ints.
VALUE, DONE, INCOMPLETE, ERROR, EXIT = range(5)
MODE_REPL, MODE_EXEC, MODE_EVAL, MODE_PEEK = range(4)

REPL_FILENAME = '<stdin>'  # what the interactive prompt calls its input, so tracebacks match
BLOCK_FILENAME = '<input>'
REPR_MAX = 1000  # the longest repr handed back, whatever the object
REPR_ITEMS = 100  # items shown of a list, tuple or set before "..." (half that of a dict)
MEM_TOP_LINES = 5  # lines listed by a :mem report

_FUTURE_FLAGS = 0  # every __future__ compiler flag, set with the compiler (see _compiler())

# One namespace for the whole session, as at the prompt.
_NAMESPACE = sys.modules['__main__'].__dict__
# Keeps __future__ imports in force across inputs, exactly as codeop does for the real REPL.
# Made on the first REPL input (see _compiler()).
_repl_compiler = None


def _compiler():
    global _repl_compiler, _FUTURE_FLAGS
    if _repl_compiler is None:
        import __future__
        import codeop
        for name in __future__.all_feature_names:
            _FUTURE_FLAGS |= getattr(__future__, name).compiler_flag
        _repl_compiler = codeop.CommandCompiler()
    return _repl_compiler


def _own_file():
    return _own_file.__code__.co_filename


# --- output -------------------------------------------------------------------------------

def make_streams(out_fd, err_fd):
    """sys.stdout and sys.stderr while learner code runs (interp.c's door calls this): text
    streams writing into the pipes that also receive file descriptors 1 and 2, so print(),
    os.write(1, ...) and child processes keep their order. Line-buffered, as Python's own
    streams are on a terminal; the door flushes them when the code returns."""
    return _fd_stream(out_fd), _fd_stream(err_fd)


def _fd_stream(fd):
    raw = io.FileIO(fd, 'w', closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding='utf-8', errors='backslashreplace',
                            line_buffering=True)


class _Sink(io.TextIOBase):
    """sys.stdout and sys.stderr until the first run makes the streams into objscope's pipes
    (interp.c keeps those between runs), or when they cannot be made: what is written then has
    nowhere to be shown, and must not reach the explorer's screen."""

    encoding = 'utf-8'

    def writable(self):
        return True

    def write(self, s):
        return len(s)


class _NoInput(io.StringIO):
    """sys.stdin: always at end of file. quit() closes stdin; staying open keeps later reads EOF."""

    def close(self):
        pass


def install():
    """Once, from interp_init: input() and stdin that never wait on a terminal, and streams that
    swallow whatever is written before the first run. Returns the sink."""
    builtins.input = input  # the C function interp.c added to this module before running it
    sys.stdin = _NoInput()
    sink = _Sink()
    sys.stdout = sys.stderr = sink
    _FRESH_NAMES.update(_NAMESPACE)
    return sink


# --- compiling ----------------------------------------------------------------------------

def _future_flags():
    flags = _compiler().compiler.flags  # makes _FUTURE_FLAGS too
    return flags & _FUTURE_FLAGS


def _quietly_compile(source, filename, kind, flags):
    # codeop already compiled this source and showed its warnings; do not show them twice.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return compile(source, filename, kind, flags | _future_flags(), True)


def _single_expression(source):
    """'eval' code when the input is one expression statement, else None (run it as is)."""
    import ast
    try:
        tree = _quietly_compile(source, REPL_FILENAME, 'single', ast.PyCF_ONLY_AST)
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            expr = ast.Expression(body=tree.body[0].value)
            return _quietly_compile(expr, REPL_FILENAME, 'eval', 0)
    except Exception:  # codeop accepted the input: in doubt, run its own code object
        pass
    return None


def _as_the_prompt_says(exc, source):
    """The error the prompt shows for source: some releases' codeop (3.10, some 3.11) name every
    error at the end of the input 'incomplete input'; compiling the input whole, as the prompt
    reads it, gives the real one. Never chained to codeop's: the learner sees only their line."""
    if exc.msg == 'incomplete input':
        try:
            _quietly_compile(source + '\n', REPL_FILENAME, 'single', 0)
        except SyntaxError as whole:
            exc = whole
    exc.__context__ = exc.__cause__ = None
    return exc


def _not_utf8(source, filename):
    """A SyntaxError naming the first byte of source that was not UTF-8, or None. interp.c
    decodes input with 'surrogateescape', so such a byte arrives as a lone surrogate (valid UTF-8
    never gives one). Python's own prompt says "(unicode error) 'utf-8' codec can't decode byte
    0xff in position 0" at line 0; this says where, in the learner's words."""
    try:
        source.encode('utf-8')
        return None
    except UnicodeEncodeError as exc:
        at = exc.start
    line = source.count('\n', 0, at) + 1
    column = at - (source.rfind('\n', 0, at) + 1) + 1
    byte = ord(source[at]) - 0xDC00
    what = ('byte 0x%02x' % byte) if 0x80 <= byte <= 0xFF else 'a lone surrogate'
    return SyntaxError('the input is not valid UTF-8 (%s at line %d, column %d)'
                       % (what, line, column), (filename, line, None, None))


def _compile(source, mode):
    """(code, gives_value); code is None when the REPL needs more lines."""
    bad = _not_utf8(source, REPL_FILENAME if mode == MODE_REPL else BLOCK_FILENAME)
    if bad is not None:
        raise bad
    if mode == MODE_REPL:
        try:
            code = _compiler()(source, REPL_FILENAME, 'single')
        except SyntaxError as exc:
            raise _as_the_prompt_says(exc, source) from None
        if code is None:
            return None, False
        # The prompt would hand a lone expression's value to sys.displayhook; evaluating it
        # instead gives us the value. Anything else (`1; 2`, loops) runs as the prompt runs it.
        expr = _single_expression(source)
        return (expr, True) if expr is not None else (code, False)
    gives_value = mode in (MODE_EVAL, MODE_PEEK)
    code = compile(source, BLOCK_FILENAME, 'eval' if gives_value else 'exec', _future_flags(), True)
    compiler = _compiler()
    compiler.compiler.flags |= code.co_flags & _FUTURE_FLAGS
    return code, gives_value


# --- running ------------------------------------------------------------------------------

def run(source, mode, err):
    """Run learner source in __main__. Returns (status, value, exit_code, interrupted); any
    error is written, formatted as Python prints it, to the writer err. For EXIT, value is the
    text Python would print on its way out ('bye\n' for sys.exit('bye'), else ''): it is not
    part of err, because the explorer can only show it after it has given the terminal back."""
    try:
        code, gives_value = _compile(source, mode)
    except BaseException as exc:
        return _report(exc, None, err)  # the prompt shows compile errors without a traceback
    if code is None:
        return INCOMPLETE, None, 0, False
    compiled()  # the embedder's hook: the input is complete and about to run
    return _settle(_execute(code, gives_value, mode), gives_value, mode, err)


def _execute(code, gives_value, mode):
    """Only running the code, nothing of objscope's own work: (value, None) or (None, exception).
    For statements at the prompt (`1; [7]`), the value is the last one the prompt displayed.
    run_traced measures exactly this."""
    was = _builtins(False)  # the learner's code sees the builtins as the learner left them
    try:
        if not gives_value:
            return _exec_displaying(code, mode == MODE_REPL), None
        return eval(code, _NAMESPACE), None
    except BaseException as exc:
        return None, exc
    finally:
        _builtins(was)


def _exec_displaying(code, at_prompt):
    """exec, remembering the last value the prompt's displayhook shows, so the diagram can show
    it too. A displayhook the learner installed is theirs: it is used as is."""
    shown = []

    def display(value):
        if value is None:
            return
        builtins._ = None  # as sys.displayhook does: _ is not part of what is shown
        was = _builtins(True)
        try:
            sys.stdout.write(safe_repr(value)[0] + '\n')
        finally:
            _builtins(was)
        builtins._ = value
        shown[:] = [value]

    ours = at_prompt and sys.displayhook is sys.__displayhook__
    if ours:
        sys.displayhook = display
    try:
        exec(code, _NAMESPACE)
    finally:
        if ours and sys.displayhook is display:
            sys.displayhook = sys.__displayhook__
    return shown[0] if shown else None


def _settle(outcome, gives_value, mode, err):
    """run()'s answer for what _execute gave: the value bound to `_`, or the error reported."""
    value, exc = outcome
    if isinstance(exc, SystemExit):
        status, message = _exit_code(exc)
        return EXIT, message, status, False
    if exc is not None:
        return _report(exc, _user_frames(exc.__traceback__), err)
    if not gives_value:
        return DONE, value, 0, False  # value: the last one displayed, if any
    if value is None and mode == MODE_REPL:
        return DONE, None, 0, False  # sys.displayhook ignores None and leaves `_` alone
    if mode != MODE_PEEK:  # objscope's own commands look at a value: the prompt showed none
        builtins._ = value
    return VALUE, value, 0, False


def _user_frames(tb):
    """The traceback without frames of this file: learners should see only their own code."""
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename != _own_file():
            kept.append(tb)
        tb = tb.tb_next
    for first, second in zip(kept, kept[1:]):
        first.tb_next = second
    if kept:
        kept[-1].tb_next = None
    return kept[0] if kept else None


def _report(exc, tb, err):
    exc.__traceback__ = tb
    # As the REPL does, so pdb.pm() and friends can look at the last error.
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = exc
    try:
        import traceback
        text = ''.join(traceback.format_exception(type(exc), exc, tb))
    except Exception:  # a broken exception object must not hide that there was an error
        text = '%s\n' % type(exc).__name__
    err.write(text)
    return ERROR, None, 0, isinstance(exc, KeyboardInterrupt)


def _exit_code(exc):
    """(exit status, message) of the process, following Python's own handling of SystemExit:
    a code that is not an int (nor None) is printed, and the status is 1."""
    code = exc.code
    if code is None:
        return 0, ''
    if isinstance(code, int):
        return (code if -2**31 <= code < 2**31 else 1), ''
    try:
        return 1, '%s\n' % (code,)
    except Exception:  # a failing __str__ only costs the message
        return 1, ''


# --- repr ---------------------------------------------------------------------------------

def _shorten(s, limit):
    """s cut in the middle, as reprlib does, when longer than limit."""
    if len(s) <= limit:
        return s
    head = max(0, (limit - 3) // 2)
    tail = max(0, limit - 3 - head)
    return s[:head] + '...' + s[len(s) - tail:]


class _BoundedRepr(reprlib.Repr):
    """reprlib's limits, except that a failing __repr__ is reported instead of hidden."""

    # Only these get reprlib's item-by-item treatment: a user class that happens to be called
    # `list` must still be shown through its own __repr__. (deque and array.array are matched by
    # name and module below, so their modules need not be imported to start.)
    _DISSECTED = {tuple, list, dict, set, frozenset, str, int,
                  type({}.keys()), type({}.values()), type({}.items())}
    _DISSECTED_ELSEWHERE = {('collections', 'deque'), ('array', 'array')}

    def __init__(self):
        super().__init__()
        # Generous, like the real prompt for everyday values (dir(), a list of 40 numbers),
        # while REPR_MAX still bounds the whole text.
        self.maxlevel = 6
        self.maxtuple = self.maxlist = self.maxarray = self.maxdeque = REPR_ITEMS
        self.maxset = self.maxfrozenset = REPR_ITEMS
        self.maxdict = REPR_ITEMS // 2
        self.maxstring = self.maxother = REPR_MAX
        self.maxlong = 200

    def repr1(self, x, level):
        t = type(x)
        ends = _ends_repr(x, self.maxstring)
        if ends is not None:
            return ends
        if t in self._DISSECTED or (t.__module__, t.__qualname__) in self._DISSECTED_ELSEWHERE:
            return super().repr1(x, level)
        base = _plain_repr_base(t)
        if base is not None:  # a subclass that keeps the base's repr, which shows no class name
            return getattr(self, 'repr_' + base.__name__)(x, level)
        return self.repr_instance(x, level)

    # A dict view's repr is its items between `dict_keys([` and `])`: built whole, it is as long
    # as the dict. (reprlib finds these by the type's name.)
    def _repr_view(self, x, level):
        name = type(x).__name__
        if level <= 0:
            return '%s([...])' % name
        return self._repr_iterable(x, level, name + '([', '])', self.maxlist)

    repr_dict_keys = repr_dict_values = repr_dict_items = _repr_view

    # reprlib sorts a dict's keys and a set's items before taking the first few: O(n log n) for
    # a 200,000-key dict, and not the order Python's own repr shows. The first items in
    # iteration order cost what is shown and read as the prompt would.
    def repr_dict(self, x, level):
        if not x:
            return '{}'
        if level <= 0:
            return '{...}'
        pieces = ['%s: %s' % (self.repr1(k, level - 1), self.repr1(v, level - 1))
                  for k, v in _islice(x.items(), self.maxdict)]
        if len(x) > self.maxdict:
            pieces.append('...')
        return '{%s}' % ', '.join(pieces)

    def repr_set(self, x, level):
        return self._repr_iterable(x, level, '{', '}', self.maxset) if x else 'set()'

    def repr_frozenset(self, x, level):
        if not x:
            return 'frozenset()'
        return self._repr_iterable(x, level, 'frozenset({', '})', self.maxfrozenset)

    def repr_instance(self, x, level):
        # reprlib's own version swallows exceptions; ours lets safe_repr report them. The
        # object's own __repr__ sees the builtins as the learner left them.
        was = _builtins(False)
        try:
            text = repr(x)
        finally:
            _builtins(was)
        return _shorten(text, self.maxother)

    def repr_int(self, x, level):
        try:
            return super().repr_int(x, level)
        except ValueError:  # more digits than sys.get_int_max_str_digits() allows
            return '<int with %d bits>' % x.bit_length()


def _plain_repr_base(t):
    """list, tuple or dict when t subclasses it and keeps its __repr__ (whose text names no
    class, so reprlib's treatment of the base reads the same), else None."""
    for base in (list, tuple, dict):
        if issubclass(t, base) and t.__repr__ is base.__repr__:
            return base
    return None


_REPR = _BoundedRepr()

# Types whose repr is their content between quotes, escaped character by character: a long one
# is shown from its two ends without building the whole repr (bytes(10**8) would make 400 MB).
_QUOTED_REPRS = (str.__repr__, bytes.__repr__, bytearray.__repr__)
QUOTE_SCAN_MAX = 1 << 20  # items read to choose the quote exactly (a fast scan: about 1 ms)
# bytearray's repr escapes a ' even between double quotes up to 3.14; from 3.15 it is bytes's
# repr and does not. Asked of this interpreter rather than known by version.
_BYTEARRAY_ESCAPES_QUOTE = "\\'" in bytearray.__repr__(bytearray(b"'"))


def _ends_repr(x, limit):
    """_shorten(repr(x), limit) built from x's first and last `limit` items, for str, bytes and
    bytearray (and subclasses that keep their repr); None for anything else, or when x is short
    enough to repr whole. The quote is the one repr would choose: '"' when x holds a ' and no ".
    Finding that out reads the whole value, so past QUOTE_SCAN_MAX items the quote is chosen from
    the shown ends, as reprlib does: the cost stays what is shown. The base type's own methods
    read x, as its C repr does, never a subclass's overrides."""
    t = type(x)
    base = next((b for b in (str, bytes, bytearray) if isinstance(x, b)), None)
    if base is None or t.__repr__ is not base.__repr__ or base.__len__(x) <= limit:
        return None
    size = base.__len__(x)
    if base is str:
        single, double, prefix, suffix = "'", '"', '', ''
    else:
        single, double = b"'", b'"'
        prefix, suffix = ('b', '') if base is bytes else (t.__name__ + '(b', ')')
    if size <= QUOTE_SCAN_MAX:
        seen = x
    else:
        seen = base.__getitem__(x, slice(0, limit)) + base.__getitem__(x, slice(size - limit, size))
    quote = '"' if base.__contains__(seen, single) and not base.__contains__(seen, double) else "'"

    def inner(start, stop):
        chunk = base.__getitem__(x, slice(start, stop))
        text = repr(chunk if base is str else bytes(chunk))
        body = text[text.index(text[-1]) + 1:-1]  # without the prefix and the quotes
        # Between double quotes a ' stands as it is, except in the repr of a bytearray that
        # escapes it: escape it where the slice's repr did not and x's does.
        unescaped = text[-1] == '"' and (
            quote == "'" or (base is bytearray and _BYTEARRAY_ESCAPES_QUOTE))
        return body.replace("'", "\\'") if unescaped else body

    head = max(0, (limit - 3) // 2)
    tail = max(0, limit - 3 - head)
    first = prefix + quote + inner(0, limit)
    last = inner(size - limit, size) + quote + suffix
    return first[:head] + '...' + last[len(last) - tail:]


def _describe(exc):
    try:
        message = str(exc)
    except Exception:
        message = '<str() failed>'
    name = type(exc).__name__
    return '%s: %s' % (name, message) if message else name


def safe_repr(obj):
    """(text, failed). KeyboardInterrupt is left to interp.c, which knows if it was the timer."""
    try:
        return _shorten(_REPR.repr(obj), REPR_MAX), False
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit from a __repr__ is a failed repr, nothing more
        return '<repr failed: %s>' % _shorten(_describe(exc), 200), True


# --- completion ---------------------------------------------------------------------------

def _rlcompleter():
    """The rlcompleter module, imported without GNU readline. Importing rlcompleter imports
    readline, and readline initialising on objscope's terminal writes LINES and COLUMNS into the
    environment, which would pin curses to the terminal's size at that moment. Without readline
    rlcompleter only loses the tab it inserts for blank text, which complete() never asks for."""
    if 'rlcompleter' not in sys.modules and 'readline' not in sys.modules:
        sys.modules['readline'] = None  # makes `import readline` fail with ImportError
        try:
            import rlcompleter
        finally:
            if sys.modules.get('readline', 0) is None:
                del sys.modules['readline']
    import rlcompleter
    return rlcompleter


def complete(text, limit):
    """The first `limit` completions rlcompleter gives for text over __main__, as Python's REPL
    shows them ('print(', 'import ', 'K.alpha'). interp.c sorts them, limits the time taken
    (completing `x.attr` evaluates `x`) and treats anything that escapes as no candidates."""
    if not text.strip():
        return []  # rlcompleter would ask readline to insert a tab
    completer = _rlcompleter().Completer(_NAMESPACE)
    found = []
    try:
        for state in range(limit):
            word = completer.complete(text, state)
            if word is None:
                break
            found.append(word)
    except Exception:  # a dir(), __getattr__ or odd namespace key that fails: nothing to offer
        return []
    return found


# --- signatures, while a call is typed ------------------------------------------------------

SIGNATURE_MAX = 300  # INTERP_SIGNATURE_MAX in interp.h


def signature(name):
    """'name(params) - first line of the docstring' for the callable a dotted name means in
    __main__ (or builtins), None when it is not one. Only names and attributes are looked up,
    nothing is called but inspect's own; interp.c limits the time taken and treats anything
    that escapes as no signature."""
    parts = name.split('.')
    if not all(part.isidentifier() for part in parts):
        return None
    try:
        obj = _NAMESPACE[parts[0]] if parts[0] in _NAMESPACE else getattr(builtins, parts[0])
        for part in parts[1:]:
            obj = getattr(obj, part)
        if not callable(obj):
            return None
        import inspect
        try:
            params = str(inspect.signature(obj))
        except (TypeError, ValueError):  # a builtin without __text_signature__
            params = '(...)'
        doc = inspect.getdoc(obj) or ''
    except KeyboardInterrupt:
        raise
    except Exception:
        return None
    first = doc.strip().split('\n', 1)[0].strip()
    text = parts[-1] + params + (' - ' + first if first else '')
    return text if len(text) <= SIGNATURE_MAX else text[:SIGNATURE_MAX - 3] + '...'


# --- :mem ---------------------------------------------------------------------------------

def run_traced(source, mode, err):
    """run() with tracemalloc watching: run's answer plus the text of a report of what the run
    allocated. interp.c imports tracemalloc before, and after stops it from C (unless the
    learner had started it), so that no interrupt can leave it running."""
    import tracemalloc
    try:
        code, gives_value = _compile(source, mode)
    except BaseException as exc:
        return _report(exc, None, err) + ('no memory report: nothing ran\n',)
    # Measured: running the code, and nothing else. Compiling (the first compile imports codeop)
    # is done untraced: a block it made and the run freed (an attribute name the type cache let
    # go) would show as the statement's line freeing memory. Formatting an error (which imports
    # traceback, reads source lines) comes after.
    if not tracemalloc.is_tracing():
        try:
            tracemalloc.start(1)  # one frame a trace will do
        except Exception:
            return run(source, mode, err) + ('no memory report: tracemalloc could not start\n',)
    before = tracemalloc.take_snapshot()
    tracemalloc.reset_peak()  # the peak is measured from here, above what is traced already
    base = tracemalloc.get_traced_memory()[0]
    outcome = _execute(code, gives_value, mode)
    tracing = tracemalloc.is_tracing()
    if tracing:
        peak = max(tracemalloc.get_traced_memory()[1] - base, 0)
        after = tracemalloc.take_snapshot()
    answer = _settle(outcome, gives_value, mode, err)
    if not tracing:
        return answer + ('no memory report: the code stopped tracemalloc\n',)
    # Only the learner's allocations: not ours (the run's output streams), nor the
    # snapshots' own, nor blocks made with no Python frame at all ('<unknown>'): the statement
    # always runs in one, so those are interp.c's (an attribute name it looked up, kept by the
    # type cache until a later lookup frees it). Filtering only now keeps what filtering itself
    # allocates (fnmatch compiles the patterns) out of both snapshots.
    own = [tracemalloc.Filter(False, _own_file()), tracemalloc.Filter(False, tracemalloc.__file__),
           tracemalloc.Filter(False, '<unknown>')]
    diffs = after.filter_traces(own).compare_to(before.filter_traces(own), 'lineno')
    return answer + (_memory_report(diffs, peak),)


def _blocks(n):
    return '{:,} block{}'.format(n, '' if abs(n) == 1 else 's')


def _memory_report(diffs, peak):
    """diffs: StatisticDiff by line, largest change in size first (as compare_to sorts them)."""
    lines = [
        'net allocated: {:,} bytes in {}'.format(sum(d.size_diff for d in diffs),
                                                 _blocks(sum(d.count_diff for d in diffs))),
        'peak during the run: {:,} bytes'.format(peak),
        'top lines:',
    ]
    top = [d for d in diffs if d.size_diff][:MEM_TOP_LINES]
    for d in top:
        frame = d.traceback[0]
        lines.append('  {}:{}: {:+,} bytes ({})'.format(frame.filename, frame.lineno,
                                                        d.size_diff, _blocks(d.count_diff)))
    if not top:
        lines.append('  (none)')
    # tracemalloc ignores the free of a block it did not see allocated, and records a resized
    # one as newly allocated at its full size.
    lines.append('note: memory from before tracing is unseen: freeing it counts 0, resizing it '
                 'counts its new size')
    return '\n'.join(lines) + '\n'


# --- quiet evaluation, for lessons ----------------------------------------------------------

QUIET_FILENAME = '<lesson>'


def eval_quiet(source, want_truth):
    """Evaluate one expression in __main__ the way a lesson's live values and checks need it:
    nothing bound to `_`, no sys.last_* left behind, output going where it goes between runs
    (nowhere). Returns (ok, text, truthy): text is the bounded repr of the value, or
    'Type: message' when evaluating (or bool(), asked for with want_truth) raised. interp.c
    limits the time taken; its KeyboardInterrupt is left to interp.c."""
    try:
        code = _quietly_compile(source.strip(), QUIET_FILENAME, 'eval', 0)
        was = _builtins(False)
        try:
            value = eval(code, _NAMESPACE)
            truthy = bool(value) if want_truth else False
        finally:
            _builtins(was)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit too: a check cannot end the session
        return False, _shorten(_describe(exc), REPR_MAX), False
    text, _failed = safe_repr(value)
    return True, text, truthy


# --- threads a lesson starts ----------------------------------------------------------------

def thread_idents():
    """The threads running now, to tell later which ones a block of code started."""
    threading = sys.modules.get('threading')
    return frozenset(t.ident for t in threading.enumerate()) if threading else frozenset()


def join_threads(before, timeout):
    """Wait up to timeout seconds in all for the non-daemon threads started since `before`
    (thread_idents()) to finish, as the interpreter would wait for them at exit. Returns the
    names of those still running."""
    threading = sys.modules.get('threading')
    if threading is None:
        return []
    import time
    deadline = time.monotonic() + timeout
    started = [t for t in threading.enumerate()
               if t.ident not in before and not t.daemon and t is not threading.current_thread()]
    for t in started:
        t.join(max(0.0, deadline - time.monotonic()))
    return [t.name for t in started if t.is_alive()]


# --- demo scripts ---------------------------------------------------------------------------

# The names a fresh __main__ starts with (install() keeps them): what reset_namespace() puts
# back, so a demo stepped back runs in a namespace like the one `python3 FILE.py` starts with.
_FRESH_NAMES = {}


def reset_namespace():
    """Empty __main__ as a new interpreter has it, and forget `_`. Objects only the namespace
    held are freed now (their __del__ runs: interp.c calls this behind the door)."""
    _NAMESPACE.clear()
    _NAMESPACE.update(_FRESH_NAMES)
    if '__annotations__' in _FRESH_NAMES:
        _NAMESPACE['__annotations__'] = {}
    builtins.__dict__.pop('_', None)


def lookup(name):
    """(value,) for a name bound in __main__, () when it is not."""
    return (_NAMESPACE[name],) if name in _NAMESPACE else ()


_DIRECTIVE = 'objscope:'  # a caption line "# objscope: refs" picks the picture for its step


def demo_steps(source, filename):
    """The steps of a demo script, read with Python's own parser (nothing of it runs):
    (title, cells, steps). title: the module docstring's first line ('' when none). cells: the
    script has `# %%` cell markers, and each cell is a step; otherwise each top-level statement
    is one (statements sharing a line are one step). Each step is (line, caption, view, chunks,
    subject): its first line; the comment lines just above it (of a cell: the marker's title and
    the comments before its first statement) without their '#'; 'refs' or 'layout' when a
    caption line says `objscope: refs`; its statements' source, each run as one input; and the
    name to show after it runs when it gives no value: the name it binds, or the object whose
    method it calls (`x.append(4)` -> 'x'), '' when none. A SyntaxError propagates."""
    import ast
    import io
    import tokenize
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    alone = {}  # line -> (column, text) of each comment alone on its line
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        row, col = tok.start
        if tok.type == tokenize.COMMENT and not lines[row - 1][:col].strip():
            alone[row] = (col, tok.string)
    body = list(tree.body)
    title = ''
    if body and _is_docstring(body[0]):
        text = body.pop(0).value.value.strip()
        title = text.splitlines()[0].strip() if text else ''
    spans = _statement_spans(body)
    markers = [row for row, (col, text) in sorted(alone.items()) if col == 0 and _is_marker(text)]
    if markers:
        steps = _cell_steps(spans, markers, alone, lines)
    else:
        steps = [_statement_step(span, alone, lines) for span in spans]
    return title, bool(markers), steps


def _is_docstring(stmt):
    import ast
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str))


def _is_marker(comment):
    return comment[1:].lstrip().startswith('%%')


def _statement_spans(body):
    """[(first, last, [statements])]: each statement's lines (its decorators included), those
    that share a line merged into one span."""
    spans = []
    for stmt in body:
        first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, 'decorator_list', [])])
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], stmt.end_lineno), spans[-1][2] + [stmt])
        else:
            spans.append((first, stmt.end_lineno, [stmt]))
    return spans


def _comment_text(comment):
    text = comment[1:]
    return text[1:] if text.startswith(' ') else text


def _caption(comments):
    """(caption, view) from comment texts: directive lines pick the view and are left out."""
    kept, view = [], ''
    for text in comments:
        word = text.strip()
        if word.lower().startswith(_DIRECTIVE):
            asked = word[len(_DIRECTIVE):].strip().lower()
            view = asked if asked in ('refs', 'layout') else view
        else:
            kept.append(text.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    return '\n'.join(kept), view


def _above(first, alone, lines):
    """The comment lines directly above line `first` (no blank line between), top first; not
    a #! line or an encoding declaration at the top of the file."""
    found = []
    row = first - 1
    while row >= 1 and row in alone and alone[row][0] == 0 and not _is_marker(alone[row][1]):
        text = alone[row][1]
        if row <= 2 and (text.startswith('#!') or 'coding:' in text or 'coding=' in text):
            break
        found.append(_comment_text(text))
        row -= 1
    return list(reversed(found))


def _chunk(first, last, lines):
    return '\n'.join(lines[first - 1:last])


def _statement_step(span, alone, lines):
    first, last, stmts = span
    caption, view = _caption(_above(first, alone, lines))
    return first, caption, view, [_chunk(first, last, lines)], _subject(stmts[-1])


def _cell_steps(spans, markers, alone, lines):
    """One step per cell that has statements; a cell of comments alone (a markdown cell) gives
    its text to the next one's caption."""
    bounds = [0] + markers + [len(lines) + 1]
    steps, carried = [], []
    for start, end in zip(bounds, bounds[1:]):
        comments = []
        if start:
            title = alone[start][1][1:].lstrip()[2:].strip()
            if title.startswith('['):  # "[markdown]", a cell type: not part of the caption
                title = title.partition(']')[2].strip()
            if title:
                comments.append(title)
        mine = [span for span in spans if start < span[0] < end]
        first_code = mine[0][0] if mine else end
        comments += [_comment_text(alone[row][1]) for row in range(start + 1, first_code)
                     if row in alone]
        if not mine:
            carried += comments
            continue
        caption, view = _caption(carried + comments)
        carried = []
        chunks = [_chunk(first, last, lines) for first, last, _ in mine]
        steps.append((mine[0][0], caption, view, chunks, _subject(mine[-1][2][-1])))
    return steps


def _subject(stmt):
    """The name a statement binds or changes, for the diagram to show: '' when none."""
    import ast
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name
    if isinstance(stmt, ast.Assign):
        return _target_name(stmt.targets[0])
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        return _target_name(stmt.target)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return _target_name(func.value) if isinstance(func, ast.Attribute) else ''
    block = getattr(stmt, 'body', None)  # for, while, if, with, try: what its last line does
    if isinstance(block, list) and block and isinstance(block[-1], ast.stmt):
        return _subject(block[-1])
    return ''


def _target_name(target):
    import ast
    while isinstance(target, (ast.Attribute, ast.Subscript, ast.Starred)):
        target = target.value
    if isinstance(target, (ast.Tuple, ast.List)) and target.elts:
        return _target_name(target.elts[0])
    return target.id if isinstance(target, ast.Name) else ''
