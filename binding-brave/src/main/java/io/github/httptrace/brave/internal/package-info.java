/** Not API: what the Brave binding registers for {@link java.util.ServiceLoader}. */
package io.github.httptrace.brave.internal;
