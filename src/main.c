/* main.c — objscope's entry point: hands the command line to cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
