"""The Qt user interface: widgets and Qt models only. Business rules and SQL live in `services/`."""
