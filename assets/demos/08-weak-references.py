"""Weak references: pointing at an object without keeping it alive."""
import weakref

# objscope: refs
# A class whose instances can be weakly referenced (most can).
class Node:
    pass


# n holds a Node: one strong reference.
n = Node()

# r points at the same Node, weakly: the dotted arrow.
r = weakref.ref(n)

# Calling r gives the object while it is alive.
r() is n

# del n drops the only strong reference: the Node is freed at once.
del n

# Now r gives None: it did not keep the Node alive.
r() is None

# A WeakValueDictionary holds its values weakly.
cache = weakref.WeakValueDictionary()

# Something else holds this Node...
holder = Node()

# ...so its entry lives.
cache["k"] = holder

# One entry.
len(cache)

# When nothing else holds the value, its entry vanishes with it.
del holder

# No entries left.
len(cache)
