#ifndef BRANDPULSE_CLIBXML2_SHIM_H
#define BRANDPULSE_CLIBXML2_SHIM_H
// Debian's libxml2 headers pull in the system ICU, which clashes with Foundation's copy.
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer, which Swift 6 treats as unsafe shared state.
static inline void bp_xml_free(void *p) { xmlFree(p); }

// The parser context's _private slot, which BrandPulseFeeds points at its per-parse state.
static inline void *bp_ctxt_private(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }
static inline void bp_ctxt_set_private(xmlParserCtxtPtr ctxt, void *p) { ctxt->_private = p; }
static inline xmlDocPtr bp_ctxt_doc(xmlParserCtxtPtr ctxt) { return ctxt->myDoc; }
static inline void bp_ctxt_clear_doc(xmlParserCtxtPtr ctxt) { ctxt->myDoc = NULL; }

// libxml2 prints errors that reach no structured handler on stderr; a library must not.
static void bp_silent_generic_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void bp_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, bp_silent_generic_error);
    xmlThrDefSetGenericErrorFunc(NULL, bp_silent_generic_error);
}

// Refuses every external entity, DTD and XInclude load, whatever the parser options say.
static xmlParserInputPtr bp_refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}
static inline void bp_install_external_entity_guard(void) { xmlSetExternalEntityLoader(bp_refuse_external); }
static inline unsigned int bp_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
