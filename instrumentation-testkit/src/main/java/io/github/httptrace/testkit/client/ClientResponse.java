package io.github.httptrace.testkit.client;

/**
 * What a traced client returned: the status and the whole body, read to the end.
 *
 * @param status the final status code
 * @param body the body as UTF-8 text
 */
public record ClientResponse(int status, String body) {}
