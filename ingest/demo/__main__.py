from ingest.demo.cli import main

main()
