/* history.c — being written */
