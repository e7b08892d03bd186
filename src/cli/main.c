/*
 * main.c - the masseflyt command line.
 */
#include <stdio.h>

int main(void)
{
    puts("masseflyt");
    return 0;
}
