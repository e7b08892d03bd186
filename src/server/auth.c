/*
 * auth.c - the server's secrets. libsodium (Debian libsodium-dev) gives
 * argon2id in crypto_pwhash_str with its salt and cost in one encoded
 * string and a verify that compares in constant time, BLAKE2b for hashing
 * session ids and tokens at rest, and sodium_memcmp; one library for all
 * three, where libargon2 would give only the first. Random ids come from
 * getrandom().
 */
#include "srv_int.h"

#include <sodium.h>
#include <string.h>
#include <sys/random.h>

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int auth_hash_password(const char *pw, char *out, size_t len)
{
    if (len < crypto_pwhash_STRBYTES)
        return -1;
    return crypto_pwhash_str(out, pw, strlen(pw),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
               ? 0
               : -1;
}

int auth_verify_password(const char *hash, const char *pw)
{
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

int auth_random_token(char *out, size_t len, size_t nbytes)
{
    unsigned char buf[64];
    size_t got = 0;

    if (nbytes > sizeof buf ||
        len < sodium_base64_ENCODED_LEN(
                  nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        return -1;
    while (got < nbytes) {
        ssize_t k = getrandom(buf + got, nbytes - got, 0);
        if (k < 0)
            return -1;
        got += (size_t)k;
    }
    sodium_bin2base64(out, len, buf, nbytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(buf, sizeof buf);
    return 0;
}

void auth_hash_hex(const char *s, char out[65])
{
    unsigned char h[32];

    crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL,
                       0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

int auth_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);

    if (la != lb || la == 0)
        return 0;
    return sodium_memcmp(a, b, la) == 0;
}
