/* highlight.c — being written */
