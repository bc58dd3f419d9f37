"""pywalk.py: the benchmark's graphs and its pure-Python baseline walk.

Loaded by bench/deep_bench.c into the embedded interpreter as the module `pywalk`; also
runs on its own (`python3 bench/pywalk.py`) to time the Python walk alone.

deep_size() is the objsize algorithm: breadth-first, one gc.get_referents call per level,
a set of ids for what was seen, sys.getsizeof summed over each new level. It skips what
objscope's C walk skips: type objects, modules and module namespaces (the __dict__ of the
modules in sys.modules), unless that object is the root.
"""
import gc
import sys
import time
import types

SKIPPED_TYPES = (type, types.ModuleType)


def module_namespaces():
    """ids of the namespaces of every module in sys.modules."""
    return {id(vars(m)) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)}


def deep_size(root):
    """(bytes, objects): sys.getsizeof summed over everything reachable from root."""
    namespaces = module_namespaces()
    getsizeof = sys.getsizeof
    seen = {id(root)}
    total, count = getsizeof(root), 1
    level = [root]
    while level:
        fresh = {id(o): o for o in gc.get_referents(*level)
                 if id(o) not in seen
                 and not isinstance(o, SKIPPED_TYPES) and id(o) not in namespaces}
        seen.update(fresh)
        level = list(fresh.values())
        total += sum(map(getsizeof, level))
        count += len(level)
    return total, count


class Plain:
    def __init__(self, i):
        self.num = i
        self.name = str(i)


class Slotted:
    __slots__ = ("num", "name")

    def __init__(self, i):
        self.num = i
        self.name = str(i)


def nested(depth):
    """A list nested `depth` deep: [[[...[]...]]]."""
    inner = []
    for _ in range(depth):
        inner = [inner]
    return inner


BUILDERS = {
    "list of 1M ints": lambda: list(range(1_000_000)),
    "dict 200k str->list": lambda: {"key%d" % i: [i] for i in range(200_000)},
    "200k plain instances": lambda: [Plain(i) for i in range(200_000)],
    "200k slotted instances": lambda: [Slotted(i) for i in range(200_000)],
    "list nested 1M deep": lambda: nested(1_000_000),
}


def make_graphs():
    """The benchmark graphs, by name, in the order they are reported."""
    return {name: build() for name, build in BUILDERS.items()}


def make_graph(name):
    """One benchmark graph by its name (bench/run.sh builds it inside objscope with this)."""
    return BUILDERS[name]()


def best_of(fn, arg, runs=3):
    """(result, seconds): one warm-up run, then the best of `runs`."""
    result = fn(arg)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(arg)
        best = min(best, time.perf_counter() - start)
    return result, best


if __name__ == "__main__":
    for name, graph in make_graphs().items():
        (size, count), secs = best_of(deep_size, graph)
        print("%-24s %10d objects %12d bytes %8.3f s %8.2f Mobj/s"
              % (name, count, size, secs, count / secs / 1e6))


def time_walk(name, runs=3):
    """Build one graph in this process and print the best time of the Python walk over it, in
    seconds (bench/run.sh compares it with objscope run as a command)."""
    graph = make_graph(name)
    _, secs = best_of(deep_size, graph, runs)
    print("%.6f" % secs)
