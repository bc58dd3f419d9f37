#!/usr/bin/env bash
# tests/e2e/lesson.sh BIN — a learner works through a whole shipped lesson in the explorer by
# typing (pasting) each step's reference solution, quits half-way, comes back to the same step,
# and finishes; the progress file and --list-lessons agree. Then the lesson pane on small screens
# (one pane at a time: its keys, messages, hints, restart, text cut off below) and lessons from
# elsewhere (a solution shown on request).
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
lesson="$(dirname "$bin")"/../lessons/08-weak-references.md
[ -f "$lesson" ] || lesson="$(dirname "$bin")"/../../lessons/08-weak-references.md

start() {
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --lesson weak\necho "__exit=$?__"; sleep 30\n' \
        "$bin" > "$work/run.sh"
    new_terminal 100 30 "bash $work/run.sh"
    wait_for "Step [0-9]+ of 5" > /dev/null
}

# The solution block of step N (1-based), from the lesson file itself.
solution() {
    awk -v want="$1" '
        /^## / { step++ }
        /^```/ { if (inside) { inside = 0; next } if (step == want && $0 == "```solution") { inside = 1; next } }
        inside { print }' "$lesson"
}

do_step() { # type step N's solution and wait for the check to pass, then go on with n
    local n=$1
    solution "$n" > "$work/solution.py"
    printf '\n' >> "$work/solution.py" # a blank line ends a block, as at the prompt
    t load-buffer "$work/solution.py"
    t paste-buffer -p
    s=$(wait_for "Step done|Lesson complete")
    check "step $n: the solution completes the task" "$s" "Step done|Lesson complete" 1
    t send-keys n
}

start
s=$(wait_for "A reference that does not count")
check "the lesson opens at its first step" "$s" "Step 1 of 5" 1
check "the step's prose is shown" "$s" "A reference that does not count" 1
check "a lesson pane beside other panes ends with its keys" "$s" "1-9 step · r restart" 1
check "the task is not done before the learner acts" "$s" "Task done" 0
t send-keys '?'
s=$(wait_for "Hint 1: ")
check "? shows a hint, scrolled into view" "$s" "Hint 1: weakref\.ref\(\) takes the object" 1
check "with its inline code shown as code, not Markdown" "$s" "Hint 1: .*\`" 0
do_step 1
do_step 2
s=$(wait_for "Step 3 of 5")
check "n moves to the next step" "$s" "Step 3 of 5" 1
t send-keys F6 C-d # back to the REPL (from the lesson, F6 goes to the REPL), then quit
s=$(wait_for "__exit=")
check "objscope quits in the middle of the lesson" "$s" "__exit=0__" 1
progress=$(cat "$XDG_STATE_HOME/objscope/progress" 2>/dev/null)
check "progress was saved" "$progress" "08-weak-references" 1

start
s=$(wait_for "Step 3 of 5")
check "coming back resumes at the same step" "$s" "Step 3 of 5" 1
check "the finished steps are marked" "$s" "2 of 5 steps done" 1
do_step 3
do_step 4
do_step 5
s=$(wait_for "Lesson complete")
check "the whole lesson is done" "$s" "Lesson complete! Every step is done" 1
check "the last step does not offer a next one" "$s" "Task done. That was the last step" 1
check "every step is saved as done" "$(cat "$XDG_STATE_HOME/objscope/progress")" "08-weak-references .*done=0,1,2,3,4" 1
t send-keys Escape F6 C-d
wait_for "__exit=" > /dev/null
list=$("$bin" --list-lessons)
check "--list-lessons shows the progress" "$list" "08-weak-references .*5/5" 1

# one pane at a time: an example shows where it ran, and F6 leads on to its diagram, then back
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --lesson slots\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 60 16 "bash $work/run.sh"
s=$(wait_for "Step 1 of")
check "alone on the screen, the lesson pane leaves its keys to the status bar" "$s" "r restart" 0
check "which lists them, once" "$(printf '%s\n' "$s" | grep -c '^ e example · ? hint · n next')" "^1$" 1
check "text longer than the pane says how much is below" "$s" "^ ↓ [0-9]+ more lines \(PgDn\)" 1
t send-keys NPage NPage NPage
s=$(wait_for "shows a hint")
check "PgDn reaches the end of the step" "$s" "Task: checked after every input" 1
check "where nothing is below any more" "$s" "more lines" 0
t send-keys PPage PPage PPage
wait_for "Step 1 of" > /dev/null
t send-keys e
s=$(wait_for "example ran")
check "on a small screen an example switches to the REPL" "$s" "objscope · REPL \(F6: diagram\)" 1
check "where the example ran and printed" "$s" "^>>> PointDict\(1, 2\)" 1
t send-keys F6
s=$(wait_for "F6: lesson")
check "the diagram's title says F6 leads back to the lesson" "$s" "objscope · diagram \(F6: lesson\)" 1
t send-keys F6
s=$(wait_for "Step 1 of")
check "and F6 returns to the lesson" "$s" "objscope · lesson \(F6: REPL\)" 1
check "what the REPL was told is not left in the lesson's status bar" "$s" "example ran" 0
t send-keys p
s=$(wait_for "this is the first step")
check "a lesson key's answer shows while the lesson has focus" "$s" "this is the first step" 1
t send-keys Down
s=$(wait_for "F6 REPL")
check "and the next key clears it" "$s" "this is the first step" 0
t send-keys n
wait_for "Step 2 of 6" > /dev/null
t send-keys r
s=$(wait_for "press r again")
check "r asks before restarting" "$s" "press r again to restart this lesson" 1
check "and does not restart yet" "$s" "Step 2 of 6" 1
t send-keys F6
wait_for "REPL \(F6: diagram\)" > /dev/null # the title changes only once F6 was read
t send-keys F6 F6 # through the diagram, back to the lesson
s=$(wait_for "lesson \(F6: REPL\)")
check "a key elsewhere takes the question away" "$s" "press r again" 0
t send-keys r
s=$(wait_for "press r again")
check "so the next r asks again" "$s" "press r again to restart this lesson" 1
check "and the lesson is still at its step" "$s" "Step 2 of 6" 1
t send-keys r
s=$(wait_for "lesson restarted")
check "r twice in a row restarts the lesson" "$s" "Step 1 of 6" 1

# at the smallest size too, no second key bar above the status bar; without UTF-8, ASCII
printf 'export LC_ALL=C TERM=xterm-256color\n%q --lesson slots\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 40 12 "bash $work/run.sh"
s=$(wait_for "Step 1 of")
check "at 40x12 only the status bar names the lesson keys" "$(printf '%s\n' "$s" | grep -c '^ e example')" "^1$" 1
check "and the text below is announced in ASCII" "$s" "^ v [0-9]+ more lines \(PgDn\)" 1

# at 40x12 the lesson list scrolls to keep the selection in view
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 40 12 "bash $work/run.sh"
wait_for ">>>" > /dev/null
t send-keys F2
wait_for "Lessons" > /dev/null
for _ in 1 2 3 4 5 6 7 8 9; do t send-keys Down; done
s=$(wait_for "▶ 10")
check "the lesson list scrolls to its last lesson" "$s" "^ ▶ 10 " 1
check "the status keys end before F1 help" "$s" "[^ ]F1 help" 0
check "a title too long for the list ends in an ellipsis" "$s" "^ +[0-9]+ .*… +[0-9]+/[0-9]+ steps" 1
check "not in a tilde" "$s" "~" 0

# an example that is a block (a for loop) runs at once, as a pasted block would
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --lesson 2\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 100 30 "bash $work/run.sh"
wait_for "Step 1 of" > /dev/null
t send-keys e
s=$(wait_for "2 \*\* 90 takes")
check "e runs a block example to the end" "$s" "^2 \*\* 90 takes [0-9]+ bytes" 1

# a lesson from elsewhere runs code: objscope asks first; a broken one is an error, not a crash
printf '# Mine\n\nA test.\n\n## One\n\nHello.\n\n```check\nTrue\n```\n\n```solution\npass\n```\n' > "$work/mine.md"
printf '# Broken\n\n```pyhton\nx\n' > "$work/broken.md"
printf 'export LC_ALL=C.UTF-8\n%q --lesson %q\necho "__exit=$?__"; sleep 30\n' "$bin" "$work/mine.md" > "$work/run.sh"
new_terminal 100 30 "bash $work/run.sh"
s=$(wait_for "Open it\?")
check "an outside lesson asks for trust" "$s" "not one of objscope's own" 1
t send-keys n
s=$(wait_for "lesson not opened")
check "saying no does not open it" "$s" "lesson not opened" 1
t send-keys ':lesson '"$work/mine.md" Enter
wait_for "Open it\?" > /dev/null
t send-keys y
s=$(wait_for "Step 1 of 1")
check "saying yes opens it" "$s" "Step 1 of 1: One" 1
t send-keys '?'
s=$(wait_for "no hints")
check "? on a step without hints says so" "$s" "this step has no hints" 1
check "and offers the solution" "$s" "press \? again to see the solution" 1
check "which is not shown yet" "$s" "Solution \(one way" 0
t send-keys '?'
s=$(wait_for "Solution \(one way")
check "? again shows the solution in the lesson pane" "$s" "^ Solution \(one way to do it" 1
check "as the step's code" "$s" "^     pass$" 1
t send-keys F6 ':lesson '"$work/broken.md" Enter
s=$(wait_for "Open it\?")
t send-keys y
s=$(wait_for "cannot be opened")
check "a broken lesson gives its file and line" "$s" "broken.md:3: " 1
check "and objscope stays up" "$s" ">>>" 1

# a lesson's setup that runs long: the question is gone, and the status line says what runs and
# how to stop it; Ctrl-C stops it
printf '# Slow\n\nA test.\n\n```setup\nimport time\ntime.sleep(20)\n```\n\n## One\n\nHello.\n' > "$work/slow.md"
printf 'export LC_ALL=C.UTF-8\n%q --lesson %q\nsleep 30\n' "$bin" "$work/slow.md" > "$work/run.sh"
new_terminal 100 30 "bash $work/run.sh"
wait_for "Open it\?" > /dev/null
t send-keys y
s=$(wait_for "lesson's setup")
check "a long setup says it runs, and how to stop it" "$s" "running the lesson's setup\.\.\. Ctrl-C stops" 1
check "the question is gone while it runs" "$s" "Open it\?|y: yes" 0
t send-keys C-c
s=$(wait_for "Step 1 of 1")
check "Ctrl-C stops the setup, and the lesson opens" "$s" "setup failed: .*KeyboardInterrupt" 1

# a code line wider than the pane wraps onto the next row instead of being cut
printf '# Long\n\nA test.\n\n## One\n\nRead.\n\n```python\nwords = "alpha beta gamma delta" + "epsilon zeta eta theta" + "END_OF_LINE"\n```\n' > "$work/long.md"
printf 'export LC_ALL=C.UTF-8\n%q --lesson %q\nsleep 30\n' "$bin" "$work/long.md" > "$work/run.sh"
new_terminal 60 16 "bash $work/run.sh"
wait_for "Open it\?" > /dev/null
t send-keys y
s=$(wait_for "Step 1 of 1")
check "a long code line in a lesson is shown to its end" "$s" "END_OF_LINE\"" 1
check "its start is there too" "$s" "words = \"alpha beta" 1

# with a lesson open the REPL pane is small: a recalled 7-line block scrolls in it, and its
# last line (where the cursor is) stays above the status bar
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --lesson slots\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 100 30 "bash $work/run.sh"
wait_for "Step [0-9]+ of" > /dev/null
t send-keys F6
wait_for "Enter run" > /dev/null
printf 'def seven():\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n    e = 5\n    return 7\n' > "$work/seven.py"
t load-buffer "$work/seven.py"
t paste-buffer -p
wait_for "^\.\.\.     return 7" > /dev/null
t send-keys Up
s=$(wait_for "return 7$")
check "a recalled block's end is on screen with a lesson open" "$(printf '%s\n' "$s" | sed -n 28,29p | tr '\n' '|')" "^\.\.\.     return 7\|\.\.\.\|$" 1
check "the status bar keeps the last row" "$(printf '%s\n' "$s" | sed -n 30p)" "F1 help$" 1

finish
