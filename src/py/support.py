# support.py — being written
