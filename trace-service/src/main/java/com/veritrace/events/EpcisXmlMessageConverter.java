package com.veritrace.events;

import java.time.Clock;
import java.util.List;

import com.veritrace.ingest.EpcisXmlWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Answers the EPCIS queries in XML on {@code Accept: application/xml} (or
 * {@code text/xml}): a stored event, or a page of them, as an EPCIS 2.0
 * {@code EPCISQueryDocument} ({@link EpcisXmlWriter}), CBV values as the request's
 * {@code GS1-CBV-XML-Format} asks ({@link Gs1Formats}). A page's next cursor goes in a
 * {@code Link: <…>; rel="next"} header, since the XML document has no place for it. Write
 * only: XML capture is read by the controller as bytes. Registered after the JSON
 * converters ({@link EventsConfiguration}), so JSON stays the answer to
 * {@code *}{@code /*}.
 */
class EpcisXmlMessageConverter extends AbstractHttpMessageConverter<Object> {

	static final String QUERY_NAME = "SimpleEventQuery";

	private final EpcisXmlWriter writer = new EpcisXmlWriter();

	private final Clock clock;

	EpcisXmlMessageConverter(Clock clock) {
		super(MediaType.APPLICATION_XML, MediaType.TEXT_XML);
		this.clock = clock;
	}

	@Override
	protected boolean supports(Class<?> type) {
		return StoredEvent.class.equals(type) || EpcisApiController.EventPage.class.equals(type);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("EPCIS XML is not read by this converter", input);
	}

	@Override
	protected void writeInternal(Object body, HttpOutputMessage output) throws java.io.IOException {
		List<StoredEvent> events;
		if (body instanceof EpcisApiController.EventPage page) {
			events = page.events();
			if (page.next() != null) {
				String next = ServletUriComponentsBuilder.fromCurrentRequest()
					.replaceQueryParam("cursor", page.next())
					.build()
					.toUriString();
				output.getHeaders().add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
			}
		}
		else {
			events = List.of((StoredEvent) body);
		}
		this.writer.write(events.stream().map(StoredEvent::event).toList(), QUERY_NAME, this.clock.instant(),
				output.getBody(), Gs1Formats.cbvXmlAsked().form);
	}

}
