import sys

from crm_desktop.app import main

sys.exit(main())
