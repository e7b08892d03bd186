/*
 * fuzz_scenario.c - scenario files are outside input: any bytes must give
 * a scenario or an error, never a crash or a leak.
 */
#include "masseflyt/scenario.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mf_scenario *s = NULL;
    struct mf_error err;

    if (mf_scenario_parse(&s, "fuzz.scn", (const char *)data, size, &err) ==
        MF_OK) {
        char *text = mf_scenario_describe_settings(s);
        (void)mf_scenario_title(s, "en");
        (void)mf_scenario_get(s, "fleet");
        free(text);
        mf_scenario_free(s);
    }
    return 0;
}
