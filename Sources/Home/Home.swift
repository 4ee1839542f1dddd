/// The home: the SQLite device registry, device state and the plugins that drive real devices.
public enum HomeModule {}
