"""sms: an ISO/IEC 20000-1 service management system as code."""

__version__ = "0.1.0"
