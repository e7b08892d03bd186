/* store.c - placeholder replaced in the next step */
int store_dummy(void);
int store_dummy(void)
{
    return 0;
}
