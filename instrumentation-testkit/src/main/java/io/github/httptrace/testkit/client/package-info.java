/**
 * The client conformance suite: abstract JUnit test classes that state the client half of the product contract
 * once, over a small adapter ({@link io.github.httptrace.testkit.client.ClientUnderTest}), against one loopback
 * peer. Each client module subclasses them once per way of calling (blocking, asynchronous), so every client is
 * held to the very same cases.
 */
package io.github.httptrace.testkit.client;
