/* editor.c — being written */
