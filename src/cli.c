/* cli.c — being written */
