#ifndef BRANDPULSE_CCURL_SHIM_H
#define BRANDPULSE_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot call.
// One typed wrapper per argument type keeps the call sites type-checked.
static inline CURLcode bp_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bp_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bp_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bp_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bp_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*bp_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode bp_easy_setopt_write_function(CURL *h, CURLoption o, bp_write_callback v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*bp_read_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
static inline CURLcode bp_easy_setopt_read_function(CURL *h, CURLoption o, bp_read_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bp_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode bp_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode bp_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode bp_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
#endif
