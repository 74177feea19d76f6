/* A plain C page-replacement simulator, the yardstick for mmaptk sim's whole-process time (bench/README.md).
 * Reads a plain trace (page numbers separated by whitespace or commas, 'w'/'r' suffix ignored, '#' comments) with
 * stdio, renumbers pages through an open-addressing hash table, and runs FIFO or LRU with N frames.
 * Usage: csim fifo|lru FRAMES FILE    Prints: faults N */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t *keys; static int32_t *vals; static size_t cap, used;

static int32_t id_of(int64_t page, int32_t *next_id) {
    size_t mask = cap - 1, i = ((uint64_t)page * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
    while (keys[i] != -1) { if (keys[i] == page) return vals[i]; i = (i + 1) & mask; }
    int32_t id = (*next_id)++;
    keys[i] = page; vals[i] = id;
    if (++used * 2 > cap) {   /* grow */
        size_t oc = cap; int64_t *ok = keys; int32_t *ov = vals;
        cap *= 2; keys = malloc(cap * 8); vals = malloc(cap * 4); memset(keys, 0xff, cap * 8);
        for (size_t j = 0; j < oc; j++) if (ok[j] != -1) {
            size_t k = ((uint64_t)ok[j] * 0x9E3779B97F4A7C15ULL) >> 20 & (cap - 1);
            while (keys[k] != -1) k = (k + 1) & (cap - 1);
            keys[k] = ok[j]; vals[k] = ov[j];
        }
        free(ok); free(ov);
    }
    return id;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: csim fifo|lru FRAMES FILE\n"); return 2; }
    int lru = strcmp(argv[1], "lru") == 0; long frames = atol(argv[2]);
    FILE *f = fopen(argv[3], "r"); if (!f) { perror(argv[3]); return 2; }
    cap = 1 << 16; keys = malloc(cap * 8); vals = malloc(cap * 4); memset(keys, 0xff, cap * 8);
    size_t n = 0, ncap = 1 << 20; int32_t *ids = malloc(ncap * 4); int32_t distinct = 0;
    int c; int64_t v = 0; int in = 0;
    while ((c = getc_unlocked(f)) != EOF) {
        if (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); in = 1; continue; }
        if (c == '#') { while ((c = getc_unlocked(f)) != EOF && c != '\n'); }
        if (in) { if (n == ncap) ids = realloc(ids, (ncap *= 2) * 4); ids[n++] = id_of(v, &distinct); v = 0; in = 0; }
    }
    if (in) { if (n == ncap) ids = realloc(ids, (ncap *= 2) * 4); ids[n++] = id_of(v, &distinct); }
    int32_t *where = malloc(distinct * 4); memset(where, 0xff, distinct * 4);
    int32_t *page_in = malloc(frames * 4), *prev = malloc(frames * 4), *next = malloc(frames * 4);
    long used_frames = 0, hand = 0, faults = 0; int32_t head = -1, tail = -1;   /* LRU list: head = least recent */
    for (size_t i = 0; i < n; i++) {
        int32_t id = ids[i], fr = where[id];
        if (fr >= 0) {
            if (lru && tail != fr) {   /* move to tail */
                if (prev[fr] >= 0) next[prev[fr]] = next[fr]; else head = next[fr];
                prev[next[fr]] = prev[fr];
                prev[fr] = tail; next[fr] = -1; next[tail] = fr; tail = fr;
            }
            continue;
        }
        faults++;
        if (used_frames < frames) fr = used_frames++;
        else if (lru) { fr = head; head = next[fr]; if (head >= 0) prev[head] = -1; else tail = -1; where[page_in[fr]] = -1; }
        else { fr = hand; hand = (hand + 1) % frames; where[page_in[fr]] = -1; }
        page_in[fr] = id; where[id] = fr;
        if (lru) { prev[fr] = tail; next[fr] = -1; if (tail >= 0) next[tail] = fr; else head = fr; tail = fr; }
    }
    printf("faults %ld\n", faults);
    return 0;
}
