package com.veritrace.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port, to cut a service off and bring it back:
 * {@link #close()} stops listening and drops every open connection (callers then get
 * "connection refused"), {@link #open()} listens on the same port again. Test only.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private int port;

	private volatile ServerSocket server;

	public TcpProxy(int targetPort) {
		this.targetPort = targetPort;
	}

	public int port() {
		return this.port;
	}

	/**
	 * Listens (on a free port the first time, on the same port after {@link #close()}).
	 */
	public synchronized TcpProxy open() throws IOException {
		ServerSocket listening = new ServerSocket();
		listening.setReuseAddress(true);
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.port = listening.getLocalPort();
		this.server = listening;
		Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
		return this;
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection end
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	/** Stops listening and drops every connection. */
	@Override
	public synchronized void close() {
		ServerSocket listening = this.server;
		if (listening != null) {
			closeQuietly(listening);
			this.server = null;
		}
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
