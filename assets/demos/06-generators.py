"""Generators vs lists: a list holds every item, a generator makes one at a time."""
import sys

# A list comprehension makes all 1000 squares now, and keeps them.
squares = [n * n for n in range(1000)]

# Its size grows with its length (and every int is an object of its own).
sys.getsizeof(squares)

# A generator expression makes nothing yet: it holds a paused frame.
lazy = (n * n for n in range(1000))

# Its size does not depend on how many items it will make.
sys.getsizeof(lazy)

# next() runs it up to the next value.
next(lazy)

# And again: it remembers where it was.
next(lazy)

# sum() takes the rest, one at a time: never more than one square alive.
total = sum(lazy)

# An exhausted generator keeps no frame: gi_frame is None, and what the frame
# referred to is let go (3.11+ keep the frame's memory inside the generator).
lazy.gi_frame is None
