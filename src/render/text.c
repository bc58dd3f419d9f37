/* text.c — being written */
