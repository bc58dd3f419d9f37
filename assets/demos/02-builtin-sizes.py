"""How big are the builtins? A header, then what the type needs."""
import sys

# An empty list: a header, its length, a pointer to its items, its capacity.
empty = []

# A small int keeps its value in one 30-bit digit.
small = 1

# A big int takes one digit for every 30 bits: 2**100 needs four.
big = 2**100

# An ASCII str stores one byte a character, right after its header.
word = "hello"

# One character beyond Latin-1 makes every character take two bytes.
wide = "hello\u20ac"

# A tuple keeps its items inside itself: no separate array.
pair = (1, 2)

# A dict keeps a table of keys and values beside the object.
d = {"a": 1, "b": 2}

# sys.getsizeof counts the object and what it owns, not what it points to.
sys.getsizeof(d), sys.getsizeof(pair), sys.getsizeof(word)
