/* cli.h — objscope's command line: options, and the non-interactive modes (--dump, --json). */
#ifndef OBJSCOPE_CLI_H
#define OBJSCOPE_CLI_H

/* Parse argv and run the chosen mode; returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
