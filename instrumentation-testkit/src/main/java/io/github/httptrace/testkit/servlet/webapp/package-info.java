/** The servlets the suite's {@code WEB-INF/web.xml} declares by class name. */
package io.github.httptrace.testkit.servlet.webapp;
