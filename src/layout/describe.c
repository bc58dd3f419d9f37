/* describe.c — being written */
