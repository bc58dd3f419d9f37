"""released.py: what deleting a graph really frees, measured by tracemalloc.

Usage: python3 released.py SETUP [NAME]
Builds the graph by running SETUP in __main__ (as `objscope --setup SETUP` does), deletes NAME
(default x), collects, and prints the bytes tracemalloc saw go: the figure objscope's exclusive
size must match.

CPython keeps freed objects of some types on free lists for reuse, and tracemalloc sees only
blocks allocated while it traces. So before the graph is built, the free lists are refilled
with blocks allocated under tracing (a list frees its items last first, so the new objects are
the ones kept), and before it is deleted they are filled up, so that what the graph frees
really goes back to the allocator. The setup is compiled under tracing too: its constants are
part of the graph.
"""
import collections
import gc
import sys
import tracemalloc

import __main__

# More than each free list holds: 2,000 tuples of each size below 21, 80 lists, dicts and
# dict keys, 100 floats (and ints from 3.14), one slice, 16 deque blocks (3.10).
FREE_LIST_ROOM = 2100
# More items than 16 deque blocks of 64 hold.
DEQUE_ITEMS = 20 * 64
# Made once, before tracing starts, and never freed: a temporary of a free-listed type would
# cycle through its free list and stay there, untraced.
TUPLE_ITEMS = [list(range(n)) for n in range(1, 21)]


def free_listed_objects():
    """New objects of every type CPython keeps a free list for, with no temporary of those
    types: making them empties the lists, dropping them fills the lists again."""
    objs = []
    add = objs.append
    for i in range(FREE_LIST_ROOM):
        add(float(i))
        add(1000 + i)
        add([i])
        add({"k": i})
        add({i: i})
    for items in TUPLE_ITEMS:
        for _ in range(FREE_LIST_ROOM):
            add(tuple(items))
    for i in range(100):
        add(slice(i))
    # 3.10 keeps up to 16 freed deque blocks for every deque to reuse (from 3.11 each deque
    # keeps its own): a deque of more blocks empties that list, and frees into it when dropped.
    add(collections.deque(range(DEQUE_ITEMS)))
    return objs


def freed_by(code, namespace):
    """Traced bytes before running code, less traced bytes after it and a collection."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    exec(code, namespace)
    gc.collect()
    return before - tracemalloc.get_traced_memory()[0]


def main():
    setup = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else "x"
    namespace = vars(__main__)
    tracemalloc.start()
    free_listed_objects()
    exec(compile(setup, "<setup>", "exec"), namespace)
    delete = compile("del " + name, "<delete>", "exec")
    nothing = compile("pass", "<delete>", "exec")
    free_listed_objects()
    # Measuring allocates too (the int that holds `before` is still alive after): the same
    # steps around a statement that frees nothing give that cost, which is taken off.
    noise = freed_by(nothing, namespace)
    print(freed_by(delete, namespace) - noise)


main()
