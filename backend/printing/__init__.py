"""The backend's use of the devices: the durable print queue, drawer, scanner and display."""
