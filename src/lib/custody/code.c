/*
 * code.c - SHA-256 (FIPS 180-4), HMAC-SHA-256 (RFC 2104) and the load
 * tickets' verification codes built on them.
 *
 * A code is the first 40 bits of HMAC-SHA-256(secret, ticket id) written
 * in Crockford's base 32 (https://www.crockford.com/base32.html): digits
 * and capitals without I, L, O and U, so that a code read aloud or typed
 * from paper has no look-alike letters. Knowing many codes and their ids
 * does not give the secret, so a forged ticket needs the site's secret.
 */
#include "masseflyt/custody.h"

#include <stdint.h>
#include <string.h>

struct sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes so far */
    unsigned char buf[64];
    size_t n; /* bytes in buf */
};

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    int i;

    for (i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0];
    b = s->h[1];
    c = s->h[2];
    d = s->h[3];
    e = s->h[4];
    f = s->h[5];
    g = s->h[6];
    h = s->h[7];
    for (i = 0; i < 64; i++) {
        uint32_t s1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + s1 + ch + K[i] + w[i];
        uint32_t s0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = s0 + maj;

        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
    s->h[5] += f;
    s->h[6] += g;
    s->h[7] += h;
}

static void sha256_init(struct sha256 *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};

    memcpy(s->h, h0, sizeof h0);
    s->len = 0;
    s->n = 0;
}

static void sha256_update(struct sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;

    s->len += len;
    while (len > 0) {
        size_t take = 64 - s->n < len ? 64 - s->n : len;

        memcpy(s->buf + s->n, p, take);
        s->n += take;
        p += take;
        len -= take;
        if (s->n == 64) {
            sha256_block(s, s->buf);
            s->n = 0;
        }
    }
}

static void sha256_final(struct sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->len * 8;
    int i;

    /* The padding in place: 0x80, zeros to 56 bytes of a block (a second
     * block when the first has no room), the length in bits. */
    s->buf[s->n++] = 0x80;
    if (s->n > 56) {
        memset(s->buf + s->n, 0, 64 - s->n);
        sha256_block(s, s->buf);
        s->n = 0;
    }
    memset(s->buf + s->n, 0, 56 - s->n);
    for (i = 0; i < 8; i++)
        s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_block(s, s->buf);
    s->n = 0;
    for (i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void mf_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256 s;
    unsigned char md[32];
    int i;

    sha256_init(&s);
    sha256_update(&s, data, len);
    sha256_final(&s, md);
    for (i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

/* The key's inner and outer states (the hashes of its two padded blocks),
 * so that a code costs two blocks of SHA-256 rather than four. */
void mf_custody_key_init(struct mf_custody_key *ck, const char *secret)
{
    unsigned char k[64] = {0}, pad[64];
    size_t klen = strlen(secret ? secret : "");
    struct sha256 s;
    int i;

    if (klen > 64) {
        sha256_init(&s);
        sha256_update(&s, secret, klen);
        sha256_final(&s, k);
    } else if (klen) {
        memcpy(k, secret, klen);
    }
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x36;
    sha256_init(&s);
    sha256_block(&s, pad);
    memcpy(ck->inner, s.h, sizeof ck->inner);
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x5c;
    sha256_init(&s);
    sha256_block(&s, pad);
    memcpy(ck->outer, s.h, sizeof ck->outer);
}

static void hmac_keyed(const struct mf_custody_key *ck, const char *msg,
                       unsigned char out[32])
{
    unsigned char inner[32];
    struct sha256 s;

    memcpy(s.h, ck->inner, sizeof s.h);
    s.len = 64;
    s.n = 0;
    sha256_update(&s, msg, strlen(msg));
    sha256_final(&s, inner);
    memcpy(s.h, ck->outer, sizeof s.h);
    s.len = 64;
    s.n = 0;
    sha256_update(&s, inner, 32);
    sha256_final(&s, out);
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void mf_custody_code(const char *ticket_id, const char *secret,
                     char out[MF_CUSTODY_CODE_SIZE])
{
    struct mf_custody_key ck;

    mf_custody_key_init(&ck, secret);
    mf_custody_code_keyed(&ck, ticket_id, out);
}

void mf_custody_code_keyed(const struct mf_custody_key *ck,
                           const char *ticket_id,
                           char out[MF_CUSTODY_CODE_SIZE])
{
    unsigned char md[32];
    uint64_t v = 0;
    int i, o = 0;

    hmac_keyed(ck, ticket_id ? ticket_id : "", md);
    for (i = 0; i < 5; i++)
        v = v << 8 | md[i];
    for (i = 0; i < 8; i++) {
        if (i == 4)
            out[o++] = '-';
        out[o++] = crockford[(v >> (35 - 5 * i)) & 31];
    }
    out[o] = '\0';
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
    if (n != 8)
        return 0;
    mf_custody_code(ticket_id, secret, want);
    for (i = 0; i < 8; i++)
        if (got[i] != want[i < 4 ? i : i + 1])
            return 0;
    return 1;
}
