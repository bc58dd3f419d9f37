"""functools.lru_cache: results remembered, and kept alive, by the cache."""
from functools import lru_cache


# A function whose results are cached (32 at most).
@lru_cache(maxsize=32)
def square(n):
    return n * n


# The first call runs the function: a miss.
square(4)

# The same argument again: a hit, answered from the cache.
square(4)

# The cache counts its hits and misses.
square.cache_info()

# Each new argument adds an entry: its key and its result stay alive.
for n in range(10):
    square(n)

# Up to maxsize entries; beyond it the least recently used goes.
square.cache_info()

# cache_clear() lets go of everything the cache held.
square.cache_clear()
