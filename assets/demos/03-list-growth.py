"""A list grows in steps: spare slots make most appends cheap."""
import sys

# An empty list has no item array at all.
nums = []

# The first append makes room for four items: see 'allocated'.
nums.append(0)

# The next three fit in the slots already there: no new array.
for n in range(1, 4):
    nums.append(n)

# The fifth does not fit: a bigger array, with spare slots again.
nums.append(4)

# Growth is proportional, so appending n items costs O(n) in all.
for n in range(5, 17):
    nums.append(n)

# getsizeof counts the spare slots too.
sys.getsizeof(nums)

# A list made in one go from a length it knows gets just enough slots
# (rounded up to an even number: 18 for 17 items).
exact = list(range(17))

# Same items, less memory.
sys.getsizeof(exact) < sys.getsizeof(nums)

# clear() gives the item array back.
nums.clear()
