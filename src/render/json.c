/* json.c — being written */
