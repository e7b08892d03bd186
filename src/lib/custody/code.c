/*
 * code.c - the load tickets' verification codes, HMAC-SHA-256 (RFC 2104)
 * over the ticket id, and the SHA-256 of quality documents, both from
 * OpenSSL's libcrypto.
 *
 * A code is the first 40 bits of HMAC-SHA-256(secret, ticket id) written
 * in Crockford's base 32 (https://www.crockford.com/base32.html): digits
 * and capitals without I, L, O and U, so that a code read aloud or typed
 * from paper has no look-alike letters. Knowing many codes and their ids
 * does not give the secret, so a forged ticket needs the site's secret.
 *
 * Why libcrypto and not libsodium (linked by the server): libcrypto's
 * SHA-256 uses the CPU's SHA instructions where it has them, libsodium's
 * is portable C. A code from a prepared key cost 0.16 us with libcrypto,
 * 0.43 us with libsodium's crypto_auth_hmacsha256 (its keyed state copied
 * per code) and 0.59 us with the SHA-256 this file had before
 * (docs/PERFORMANCE.md, "Load tickets").
 */
#include "masseflyt/custody.h"

#include <openssl/evp.h>
#include <string.h>

int mf_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    int i;

    out[0] = '\0';
    if (!EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL))
        return MF_ENOMEM;
    for (i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return MF_OK;
}

/* A digest context that has hashed the key xor'ed with pad (RFC 2104's
 * inner or outer block), or NULL. */
static EVP_MD_CTX *padded(const unsigned char k[64], unsigned char pad)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned char block[64];
    int i;

    for (i = 0; i < 64; i++)
        block[i] = k[i] ^ pad;
    if (c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
        EVP_DigestUpdate(c, block, sizeof block))
        return c;
    EVP_MD_CTX_free(c);
    return NULL;
}

/* The key's inner and outer blocks hashed once, so that a code costs two
 * blocks of SHA-256 rather than four. */
int mf_custody_key_init(struct mf_custody_key *ck, const char *secret)
{
    unsigned char k[64] = {0};
    size_t klen = strlen(secret ? secret : "");

    memset(ck, 0, sizeof *ck);
    if (klen > 64) {
        if (!EVP_Digest(secret, klen, k, NULL, EVP_sha256(), NULL))
            return MF_ENOMEM;
    } else if (klen) {
        memcpy(k, secret, klen);
    }
    ck->inner = padded(k, 0x36);
    ck->outer = padded(k, 0x5c);
    ck->work = EVP_MD_CTX_new();
    if (!ck->inner || !ck->outer || !ck->work) {
        mf_custody_key_free(ck);
        return MF_ENOMEM;
    }
    return MF_OK;
}

void mf_custody_key_free(struct mf_custody_key *ck)
{
    EVP_MD_CTX_free(ck->inner);
    EVP_MD_CTX_free(ck->outer);
    EVP_MD_CTX_free(ck->work);
    memset(ck, 0, sizeof *ck);
}

static int hmac_keyed(struct mf_custody_key *ck, const char *msg,
                      unsigned char out[EVP_MAX_MD_SIZE])
{
    unsigned char inner[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (!EVP_MD_CTX_copy_ex(ck->work, ck->inner) ||
        !EVP_DigestUpdate(ck->work, msg, strlen(msg)) ||
        !EVP_DigestFinal_ex(ck->work, inner, &n) ||
        !EVP_MD_CTX_copy_ex(ck->work, ck->outer) ||
        !EVP_DigestUpdate(ck->work, inner, n) ||
        !EVP_DigestFinal_ex(ck->work, out, NULL))
        return MF_ENOMEM;
    return MF_OK;
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int mf_custody_code(const char *ticket_id, const char *secret,
                    char out[MF_CUSTODY_CODE_SIZE])
{
    struct mf_custody_key ck;
    int rc;

    out[0] = '\0';
    if ((rc = mf_custody_key_init(&ck, secret)))
        return rc;
    rc = mf_custody_code_keyed(&ck, ticket_id, out);
    mf_custody_key_free(&ck);
    return rc;
}

int mf_custody_code_keyed(struct mf_custody_key *ck, const char *ticket_id,
                          char out[MF_CUSTODY_CODE_SIZE])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    uint64_t v = 0;
    int i, o = 0;

    out[0] = '\0';
    if (hmac_keyed(ck, ticket_id ? ticket_id : "", md))
        return MF_ENOMEM;
    for (i = 0; i < 5; i++)
        v = v << 8 | md[i];
    for (i = 0; i < 8; i++) {
        if (i == 4)
            out[o++] = '-';
        out[o++] = crockford[(v >> (35 - 5 * i)) & 31];
    }
    out[o] = '\0';
    return MF_OK;
}

int mf_custody_code_check(const char *ticket_id, const char *secret,
                          const char *code)
{
    char want[MF_CUSTODY_CODE_SIZE], got[9];
    int n = 0, i;
    const char *p;

    if (!code)
        return 0;
    for (p = code; *p; p++) {
        char c = *p;

        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (n == 8)
            return 0;
        got[n++] = c;
    }
    if (n != 8 || mf_custody_code(ticket_id, secret, want))
        return 0;
    for (i = 0; i < 8; i++)
        if (got[i] != want[i < 4 ? i : i + 1])
            return 0;
    return 1;
}
