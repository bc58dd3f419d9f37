/* term.c — curses setup and teardown, and terminal restoration on fatal signals (see term.h). */
#include "ui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <term.h>
#include <unistd.h>

#include "ui/keys.h"
#include "util/xalloc.h"

static struct termios saved_termios;
static bool have_termios, started;
static struct sigaction previous[NSIG];
static struct sigaction curses_winch;   /* curses' SIGWINCH handler, as initscr installed it */
static char *start_lines, *start_columns; /* LINES and COLUMNS at start (NULL: unset) */
static TERMINAL *our_term;              /* curses' terminal (GNU readline may make another current) */
static int notice_fd = -1;              /* the terminal, while fd 1 is a pipe (term_notice) */
static volatile sig_atomic_t noticed;   /* a notice was written behind curses' back */

/* What a signal handler needs to give the terminal back, made before any signal can come. The
 * terminal's own descriptors: while learner code runs fds 0-2 are /dev/null and pipes (the
 * output capture), so a handler writing to fd 1 would write into a pipe. */
static int tty_in = -1, tty_out = -1;
static pid_t owner;                     /* a forked copy (os.fork) owns no terminal */
static char reset_bytes[512];
static size_t reset_len;

/* Append s without its padding ("$<5>"), which only tputs understands. */
static void add_reset(const char *s)
{
    for (const char *p = s; *p && reset_len < sizeof reset_bytes - 1; p++) {
        const char *close = p[0] == '$' && p[1] == '<' ? strchr(p, '>') : NULL;
        if (close)
            p = close;
        else
            reset_bytes[reset_len++] = *p;
    }
}

/* A terminfo capability, or the fallback when the terminal has none (or curses is not up). */
static void add_reset_cap(const char *cap, const char *fallback)
{
    char *s = started ? tigetstr(cap) : NULL;
    add_reset(s && s != (char *)-1 ? s : fallback);
}

/* Everything objscope turns on: bracketed paste, every mouse mode ncurses may have asked for,
 * attributes, keypad (application cursor keys), the hidden cursor, the alternate screen. */
static void prepare_reset(void)
{
    reset_len = 0;
    add_reset("\033[?2004l\033[?1000l\033[?1002l\033[?1003l\033[?1005l\033[?1006l\033[?1015l");
    add_reset_cap("sgr0", "\033[0m");
    add_reset_cap("rmkx", "\033[?1l\033>");
    add_reset_cap("cnorm", "\033[?25h");
    add_reset_cap("rmcup", "\033[?1049l");
    add_reset("\r");
}

/* Undo what objscope asked of the terminal, using only async-signal-safe calls. */
static void restore_raw(void)
{
    if (tty_out < 0 || getpid() != owner)
        return;
    if (write(tty_out, reset_bytes, reset_len) < 0) {
        /* the terminal is gone: nothing more can be done from here */
    }
    if (have_termios)
        tcsetattr(tty_in, TCSANOW, &saved_termios); /* TCSAFLUSH could wait on a stopped one */
}

/* Restore, then let the previous handler (Python's faulthandler: the Python stack, now on a sane
 * terminal) report; end with the signal's own default action, so the exit status says which. */
static void on_fatal(int sig, siginfo_t *info, void *context)
{
    restore_raw();
    struct sigaction *old = &previous[sig];
    if (old->sa_flags & SA_SIGINFO) {
        if (old->sa_sigaction)
            old->sa_sigaction(sig, info, context);
    } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig); /* faulthandler prints the Python stack, then re-raises */
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_terminate(int sig)
{
    restore_raw();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    static const int terminate[] = {SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_fatal;
    /* SA_ONSTACK: a C stack overflow is handled on faulthandler's alternate stack */
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        sigaction(fatal[i], &sa, &previous[fatal[i]]);
    sa.sa_handler = on_terminate;
    sa.sa_flags = 0;
    for (size_t i = 0; i < sizeof terminate / sizeof terminate[0]; i++)
        sigaction(terminate[i], &sa, &previous[terminate[i]]);
    xalloc_set_fatal_hook(term_stop);
}

bool term_start(void)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "objscope: the explorer needs a terminal (try --dump EXPR for text)\n");
        return false;
    }
    have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    owner = getpid();
    tty_in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
    tty_out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    prepare_reset();
    install_handlers();
    set_escdelay(25);
    if (!initscr()) {
        fprintf(stderr, "objscope: cannot start the terminal interface (TERM=%s)\n",
                getenv("TERM") ? getenv("TERM") : "");
        return false;
    }
    started = true;
    our_term = cur_term;
    prepare_reset(); /* again, now from the terminal's own description */
    notice_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    sigaction(SIGWINCH, NULL, &curses_winch);
    const char *env_lines = getenv("LINES"), *env_columns = getenv("COLUMNS");
    start_lines = env_lines ? xstrdup(env_lines) : NULL;
    start_columns = env_columns ? xstrdup(env_columns) : NULL;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    define_key("\033[200~", KEY_PASTE_BEGIN);
    define_key("\033[201~", KEY_PASTE_END);
    printf("\033[?2004h"); /* bracketed paste: a pasted block arrives marked, not as keys */
    fflush(stdout);
    return true;
}

/* GNU readline, imported by learner code (or by pdb), calls tgetent(), which makes a terminal of
 * its own the current one, curses' screen's included: its modes were read while fd 0-2 were
 * /dev/null and pipes, and it says the screen is terminfo's 80x24. Curses must go on with its own
 * before it sets a mode or measures a resize. */
static void take_back_terminal(void)
{
    if (our_term && cur_term != our_term)
        set_curterm(our_term);
}

/* Learner code closed the terminal's descriptors (os.closerange): curses would write into
 * whatever file took fd 1's number since. The terminal is still there through /dev/tty. */
static void restore_closed(void)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return;
    int in = tty_in, out = tty_out;
    tty_in = tty_out = fd;
    restore_raw();
    tty_in = in;
    tty_out = out;
    close(fd);
}

void term_stop(void)
{
    if (!started)
        return;
    take_back_terminal();
    started = false;
    if (notice_fd >= 0)
        close(notice_fd);
    notice_fd = -1;
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
        restore_closed();
        return;
    }
    printf("\033[?2004l");
    fflush(stdout);
    endwin();
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
}

static void restore_env(const char *name, const char *value)
{
    const char *now = getenv(name);
    if (value && (!now || strcmp(now, value) != 0))
        setenv(name, value, 1);
    else if (!value && now)
        unsetenv(name);
}

/* Readline also installs its own SIGWINCH handler and writes LINES and COLUMNS into the
 * environment, which curses would then take as the size for good, and its 80x24 went into
 * curses' LINES and COLS: resizes would be measured against a size the screen never had. Put
 * curses' handler and the environment back, and make the screen, LINES and COLS the terminal's
 * real size. */
static void reclaim_resizes(void)
{
    struct sigaction now;
    if (sigaction(SIGWINCH, NULL, &now) == 0 && now.sa_handler != curses_winch.sa_handler)
        sigaction(SIGWINCH, &curses_winch, NULL);
    restore_env("LINES", start_lines);
    restore_env("COLUMNS", start_columns);
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
        return;
    bool screen_wrong = ws.ws_row != getmaxy(curscr) || ws.ws_col != getmaxx(curscr);
    bool globals_wrong = ws.ws_row != LINES || ws.ws_col != COLS;
    if (!screen_wrong && !globals_wrong)
        return;
    if (!screen_wrong) /* resizeterm sets LINES and COLS only when the size changes: make it */
        resizeterm(ws.ws_row > 1 ? ws.ws_row - 1 : ws.ws_row + 1, ws.ws_col);
    resizeterm(ws.ws_row, ws.ws_col);
    clearok(stdscr, TRUE);
}

/* ISIG would also turn Ctrl-Z into SIGTSTP and Ctrl-\ into SIGQUIT: objscope suspended or
 * killed in the middle of a run, curses' screen stranded. Only Ctrl-C is meant to reach the code;
 * the other two stay bytes, read as keys once the code is done. raw() later sets curses' own
 * copy of the modes, which has them back (as does term_stop). */
static void only_ctrl_c_signals(void)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) != 0)
        return;
    t.c_cc[VSUSP] = _POSIX_VDISABLE;
    t.c_cc[VQUIT] = _POSIX_VDISABLE;
    tcsetattr(STDIN_FILENO, TCSADRAIN, &t);
}

void term_code_running(bool running)
{
    if (!started)
        return;
    take_back_terminal();
    if (running) {
        noraw();
        cbreak(); /* ISIG on: Ctrl-C becomes SIGINT, which Python turns into KeyboardInterrupt */
        only_ctrl_c_signals();
    } else {
        raw();
        reclaim_resizes();
        if (noticed)
            clearok(curscr, TRUE);
        noticed = 0;
    }
}

void term_notice(const char *text)
{
    if (!started || notice_fd < 0 || !text)
        return;
    char line[512]; /* cursor saved, bottom row, reverse video, cleared, text, cursor back */
    int n = snprintf(line, sizeof line, "\0337\033[%d;1H\033[0;7m\033[2K %.*s\033[0m\0338", LINES,
                     COLS > 2 ? COLS - 2 : 0, text);
    if (n > 0 && write(notice_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) < 0) {
        /* the terminal is gone: nothing to tell */
    }
    noticed = 1;
}

int term_run_program(const char *command, const char *arg)
{
    if (started) {
        take_back_terminal();
        def_prog_mode();
        printf("\033[?2004l");
        fflush(stdout);
        endwin();
    }
    struct sigaction ignore, old_int, old_quit;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int); /* Ctrl-C is the program's, not Python's */
    sigaction(SIGQUIT, &ignore, &old_quit);
    int status = -1;
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        execl("/bin/sh", "sh", "-c", command, "sh", arg, (char *)NULL);
        _exit(127);
    }
    int st;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (pid > 0)
        status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (started) {
        reset_prog_mode();
        printf("\033[?2004h");
        fflush(stdout);
        reclaim_resizes();
        clearok(stdscr, TRUE);
    }
    return status;
}

bool term_utf8(void)
{
    static int utf8 = -1; /* the locale is set once, at start-up: ask it once */
    if (utf8 < 0)
        utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    return utf8;
}
