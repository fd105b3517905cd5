"""OpenRegi device layer: printer, cash drawer, scanner and customer display.

The backend uses :class:`devices.manager.DeviceManager`; see ``docs/devices.md`` for the
public API, events and error codes. Submodules are imported on demand so that importing
this package stays cheap.
"""
