/*
 * assert.h - misuse checks. A NULL registry or a negative count handed to
 * a public function is a bug in the caller, not bad data: it stops the
 * program at once, naming the function and the broken condition (as
 * GLPK's xerror and libgit2's GIT_ASSERT_ARG do). Bad data gets an error
 * code instead (error.h). These checks stay in release builds.
 */
#ifndef MF_UTIL_ASSERT_H
#define MF_UTIL_ASSERT_H

#define MF_ASSERT_ARG(cond)                                                    \
    do {                                                                       \
        if (!(cond))                                                           \
            mf_misuse(__func__, #cond);                                        \
    } while (0)

/* Prints "masseflyt: misuse of FN: COND does not hold" and aborts. */
_Noreturn void mf_misuse(const char *fn, const char *cond);

#endif
